import { expect, test, type Page } from "@playwright/test";
import { postAsSession, screenshot } from "./app-database";
import { openDemoProject, removeDemoDatasets, signIn, warmUpSignIn } from "./fixtures";

// Every script renders on a machine without system fonts for it: Hangul, CJK,
// Arabic and Hebrew come from the self-hosted Noto fonts (app/fonts.css,
// app/fonts.ts), loaded only for the subsets a page uses, never from the
// internet; right-to-left paragraphs read right to left.

const DATASET = "e2e-scripts";
const SAMPLES = {
  korean: "환불은 구매 후 30일 이내에 요청할 수 있습니다.",
  arabic: "يمكنك طلب استرداد المبلغ خلال ثلاثين يومًا من الشراء.",
  hebrew: "ניתן לבקש החזר כספי תוך שלושים יום מהרכישה.",
  japanese: "返金は購入後30日以内にリクエストできます。",
  chinese: "您可以在购买后三十天内申请退款。",
};
// Which self-hosted family must have been loaded for each sample (one Korean
// face holds kana and most Han characters; Chinese also needs the SC faces).
const FAMILIES: Record<keyof typeof SAMPLES, string[]> = {
  korean: ["Noto Sans KR Variable"],
  arabic: ["Touchstone Arabic"],
  hebrew: ["Touchstone Hebrew"],
  japanese: ["Noto Sans KR Variable"],
  chinese: ["Noto Sans KR Variable", "Noto Sans SC Variable"],
};

test.beforeAll(warmUpSignIn);
test.afterAll(() => removeDemoDatasets([DATASET]));

/** Families with at least one face the page has loaded (document.fonts). */
async function loadedFamilies(page: Page) {
  return page.evaluate(async () => {
    await document.fonts.ready;
    return [...new Set([...document.fonts].filter((face) => face.status === "loaded").map((face) => face.family.replace(/^"|"$/g, "")))];
  });
}

/**
 * Characters of the element drawn as the "missing glyph" box: each character
 * is drawn on a canvas in the element's font and compared with what the same
 * font draws for private-use characters no font has.
 */
async function boxedCharacters(element: import("@playwright/test").Locator) {
  return element.evaluate(async (node) => {
    const style = getComputedStyle(node);
    const font = `${style.fontWeight} 32px ${style.fontFamily}`;
    await document.fonts.load(font, node.textContent ?? "");
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 64;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    context.font = font;
    const draw = (character: string) => {
      context.clearRect(0, 0, 64, 64);
      context.fillText(character, 8, 44);
      return context.getImageData(0, 0, 64, 64).data.join("");
    };
    const boxes = new Set(["\uE000", "\uE001", "\uE0FF"].map(draw));
    return [...new Set(node.textContent ?? "")].filter((character) => character.trim() && boxes.has(draw(character)));
  });
}

test("Korean, Arabic, Hebrew, Japanese, Chinese and mixed outputs render with self-hosted fonts, RTL blocks right to left", async ({ page }) => {
  test.setTimeout(60_000);
  const external: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith("http://localhost") && !request.url().startsWith("data:")) external.push(request.url());
  });
  await signIn(page, "admin");
  // A page with Latin text only downloads none of the script fonts.
  expect((await loadedFamilies(page)).filter((family) => /Noto|Touchstone/.test(family))).toEqual([]);

  const base = await openDemoProject(page);
  const api = `/api/v1/projects/${base.split("/").pop()}`;
  const rows = Object.entries(SAMPLES).map(([script, text]) => ({ externalId: `script-${script}`, input: text, tags: [script] }));
  rows.push({ externalId: "script-mixed", input: `Mixed: 안녕하세요 and مرحبا and שלום in one line.`, tags: ["mixed"] });
  await postAsSession(page, `${api}/items`, { options: { dataset: DATASET }, rows });
  await postAsSession(page, `${api}/outputs`, {
    options: { dataset: DATASET, run: "scripts-run" },
    rows: rows.map((row) => ({ externalId: row.externalId, content: `${row.input}\n\nSecond paragraph in English.` })),
  });

  await page.goto(`${base}/datasets`);
  await page.getByRole("link", { name: `Browse items of ${DATASET} version 1` }).click();
  await expect(page.getByTestId("browse-item")).toHaveCount(6);
  for (const summary of await page.locator("summary", { hasText: "Outputs" }).all()) await summary.click();

  const loaded = await loadedFamilies(page);
  for (const family of new Set(Object.values(FAMILIES).flat())) expect(loaded, `${family} loaded`).toContain(family);

  for (const [script, text] of Object.entries(SAMPLES) as [keyof typeof SAMPLES, string][]) {
    const paragraph = page.getByTestId("browse-item").filter({ hasText: `script-${script}` }).locator("p", { hasText: text }).first();
    await expect(paragraph).toBeVisible();
    expect(await boxedCharacters(paragraph), script).toEqual([]);
    // Without the self-hosted family the same text is drawn differently: that family drew it.
    const widths = await paragraph.evaluate((element, families) => {
      const probe = (fontFamily: string) => {
        const span = document.createElement("span");
        span.textContent = element.textContent;
        span.style.cssText = `font: ${getComputedStyle(element).font}; font-family: ${fontFamily}; white-space: nowrap; position: absolute;`;
        document.body.append(span);
        const width = span.getBoundingClientRect().width;
        span.remove();
        return width;
      };
      const stack = getComputedStyle(element).fontFamily;
      const without = stack.split(",").filter((name) => !families.includes(name.trim().replace(/^"|"$/g, ""))).join(",");
      return { page: probe(stack), without: probe(without) };
    }, FAMILIES[script]);
    expect(Math.abs(widths.page - widths.without), `${script}: ${JSON.stringify(widths)}`).toBeGreaterThan(1);
    const direction = await paragraph.evaluate((element) => getComputedStyle(element).direction);
    expect(direction, script).toBe(script === "arabic" || script === "hebrew" ? "rtl" : "ltr");
  }
  // A mixed line renders every script in it.
  expect(await boxedCharacters(page.getByTestId("browse-item").filter({ hasText: "script-mixed" }).locator("p", { hasText: "Mixed:" }).first())).toEqual([]);
  await screenshot(page, "scripts-browse");
  await page.getByTestId("browse-item").filter({ hasText: "script-arabic" }).screenshot({ path: test.info().outputPath("arabic.png") });

  // Fonts and styles come from the app itself: no external URL in any stylesheet, no request leaves.
  const stylesheets = await page.evaluate(() => [...document.styleSheets].map((sheet) => sheet.href).filter((href): href is string => !!href));
  expect(stylesheets.length).toBeGreaterThan(0);
  for (const href of stylesheets) {
    const css = await (await page.request.get(href)).text();
    // Bundled files are relative (url(../media/…)); anything with a scheme other than data: or starting "//" would leave the app.
    expect(css.match(/url\(\s*["']?(\/\/|(?!data:)[a-z][a-z0-9+.-]*:)[^)]*\)/gi) ?? [], href).toEqual([]);
  }
  expect(external).toEqual([]);
});
