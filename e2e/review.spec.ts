import { expect, test, type Page } from "@playwright/test";
import { withAppDb } from "./app-database";
import { seriousViolations } from "./axe";
import { openDemoProject, signIn } from "./fixtures";

// The review screen, driven the way experts use it: keyboard only, against
// the production build and the seeded demo queues.

test.describe.configure({ mode: "serial" });

async function openQueue(page: Page, name: string) {
  await signIn(page, "reviewer");
  const base = await openDemoProject(page);
  await page.goto(`${base}/review`);
  await page.getByRole("link", { name: `Start reviewing ${name}` }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.locator("[data-assignment]")).toBeVisible();
  return base;
}

const assignmentId = (page: Page) => page.locator("[data-assignment]").getAttribute("data-assignment");

async function labelsFor(assignment: string) {
  return withAppDb(async (db) => Number((await db.query(`SELECT COUNT(*) AS n FROM "Label" WHERE "assignmentId" = $1`, [assignment])).rows[0].n));
}

test("a pairwise task is completed with the keyboard; Z reopens it; ? lists the shortcuts", async ({ page }) => {
  await openQueue(page, "support-v1 vs support-v2");
  const first = await assignmentId(page);
  await page.keyboard.press("?");
  await expect(page.getByRole("heading", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("heading", { name: "Keyboard shortcuts" })).toBeHidden();

  await page.keyboard.press("4"); // helpfulness of output A; the focus moves on by itself
  await page.keyboard.press("2"); // helpfulness of output B
  await page.keyboard.press("a"); // A is better
  await expect(page.getByRole("radio", { name: /Preference: Output A is better/ })).toBeChecked();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Label submitted" })).toBeVisible();
  await expect.poll(() => assignmentId(page)).not.toBe(first);
  await expect.poll(() => labelsFor(first!)).toBe(1);

  // The stored preference is in terms of output ids, whatever side A was shown on.
  const stored = await withAppDb(async (db) => (await db.query(`SELECT v.category, v."targetKey", v."outputId", v."otherOutputId" FROM "LabelValue" v JOIN "Label" l ON l.id = v."labelId" JOIN "Criterion" c ON c.id = v."criterionId" WHERE l."assignmentId" = $1 AND c.key = 'preference'`, [first])).rows[0]);
  expect(stored.targetKey).toBe(`${stored.outputId}:${stored.otherOutputId}`);
  expect(stored.outputId < stored.otherOutputId).toBe(true);

  await page.keyboard.press("z");
  await expect(page.getByText("Editing a submitted label")).toBeVisible();
  await expect(page.getByRole("radio", { name: /Preference: Output A is better/ })).toBeChecked();
  await page.keyboard.press("Escape");
  await expect(page.getByText("Editing a submitted label")).toBeHidden();
});

test("submit shows the prefetched next task before the server answers; Z waits for it; team progress moves", async ({ page }) => {
  await openQueue(page, "support-v1 vs support-v2");
  const first = await assignmentId(page);
  const team = page.getByRole("progressbar", { name: "Team progress" });
  const before = Number(await team.getAttribute("aria-valuenow"));
  // Hold the submit's answer back: the next task must show anyway.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/review/**", async (route) => {
    if (route.request().method() === "POST" && (route.request().postData() ?? "").includes("clientId")) {
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
      return;
    }
    await route.continue();
  });
  await page.keyboard.press("5");
  await page.keyboard.press("3");
  await page.keyboard.press("b");
  await page.keyboard.press("Enter");
  await expect.poll(() => assignmentId(page)).not.toBe(first);
  await expect(page.getByRole("radio", { name: /Preference: Output B is better/ })).not.toBeChecked();
  await expect(page.getByRole("status").filter({ hasText: "Label submitted" })).toHaveCount(0);
  // Undo pressed while the submission is still on its way: it lands, then reopens.
  await page.keyboard.press("z");
  release();
  await expect(page.getByText("Editing a submitted label")).toBeVisible();
  await expect(page.locator("[data-assignment]")).toHaveAttribute("data-assignment", first!);
  await expect(page.getByRole("radio", { name: /Preference: Output B is better/ })).toBeChecked();
  expect(await labelsFor(first!)).toBe(1);
  await expect.poll(async () => Number(await team.getAttribute("aria-valuenow"))).toBeGreaterThan(before);
  await page.keyboard.press("Escape");
  await expect(page.getByText("Editing a submitted label")).toBeHidden();
  await expect.poll(() => assignmentId(page)).not.toBe(first);
});

test("a draft survives a reload", async ({ page }) => {
  await openQueue(page, "support-v1 vs support-v2");
  const assignment = await assignmentId(page);
  await page.keyboard.press("5");
  await page.getByLabel("Rationale").fill("Half-way through this one.");
  await expect(page.getByText("Draft saved")).toBeVisible({ timeout: 5_000 });
  await page.reload();
  await expect(page.locator("[data-assignment]")).toHaveAttribute("data-assignment", assignment!);
  await expect(page.getByRole("radio", { name: /Helpfulness — Output A: 5/ })).toBeChecked();
  await expect(page.getByLabel("Rationale")).toHaveValue("Half-way through this one.");
});

test("a submission whose response is lost, then retried, stores one label", async ({ page }) => {
  await openQueue(page, "support-v1 vs support-v2");
  const assignment = await assignmentId(page);
  await page.keyboard.press("3");
  await page.keyboard.press("3");
  await page.keyboard.press("t");
  // The first submit reaches the server, but the browser never hears back.
  let dropped = false;
  await page.route("**/review/**", async (route) => {
    if (route.request().method() === "POST" && route.request().url().endsWith("/submit") && !dropped && (route.request().postData() ?? "").includes("clientId")) {
      dropped = true;
      await route.fetch();
      await route.abort("connectionreset");
      return;
    }
    await route.continue();
  });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "the connection to the server was lost" })).toBeVisible();
  expect(await labelsFor(assignment!)).toBe(1);
  // Retry (twice, quickly): same client id, still one label, and the next task appears.
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await expect.poll(() => assignmentId(page)).not.toBe(assignment);
  // The second Enter may land on the next task (nothing answered there yet): either way, one label.
  await expect(page.getByRole("status").filter({ hasText: /Label submitted|Answer .* first/ })).toBeVisible();
  expect(await labelsFor(assignment!)).toBe(1);
});

test("a single-rating task with the reference toggle, by keyboard", async ({ page }) => {
  await openQueue(page, "support-v2 single rating");
  const assignment = await assignmentId(page);
  await expect(page.getByText("Reference answer", { exact: true })).toBeHidden();
  await page.keyboard.press("r");
  await expect(page.getByText("Reference answer", { exact: true })).toBeVisible();
  await page.keyboard.press("4"); // helpfulness (each answer moves to the next criterion)
  await page.keyboard.press("1"); // correct
  await page.keyboard.press("1"); // safe: pass
  await page.keyboard.press("Enter"); // tone is optional
  await expect.poll(() => assignmentId(page)).not.toBe(assignment);
  await expect(page.getByRole("status").filter({ hasText: "Label submitted" })).toBeVisible();
  expect(await labelsFor(assignment!)).toBe(1);
});

test("a ranking task by keyboard", async ({ page }) => {
  await openQueue(page, "Rank all three runs");
  const assignment = await assignmentId(page);
  await expect(page.getByRole("list", { name: "Ranking, best first" }).getByRole("listitem")).toHaveCount(3);
  await page.keyboard.press("1");
  await page.keyboard.press("ArrowDown"); // the output ranked first moves to second
  await page.keyboard.press("Enter");
  await expect.poll(() => assignmentId(page)).not.toBe(assignment);
  await expect(page.getByRole("status").filter({ hasText: "Label submitted" })).toBeVisible();
  const ranks = await withAppDb(async (db) => (await db.query(`SELECT v.value FROM "LabelValue" v JOIN "Label" l ON l.id = v."labelId" WHERE l."assignmentId" = $1 ORDER BY v.value`, [assignment])).rows.map((r) => Number(r.value)));
  expect(ranks).toEqual([1, 2, 3]);
});

test("hostile model output renders inert", async ({ page }) => {
  await openQueue(page, "support-v2 single rating");
  const assignment = await assignmentId(page);
  const restore = await withAppDb(async (db) => {
    const { rows } = await db.query(`SELECT o.id, o.content FROM "Assignment" a JOIN "ReviewTaskOutput" t ON t."taskId" = a."taskId" JOIN "Output" o ON o.id = t."outputId" WHERE a.id = $1`, [assignment]);
    await db.query(`UPDATE "Output" SET content = $2 WHERE id = $1`, [rows[0].id, `Sure!<script>window.__pwned = 1</script>\n\n<img src="x" onerror="window.__pwned = 2">\n\n[click me](javascript:window.__pwned=3)\n\n**still markdown**`]);
    return rows[0] as { id: string; content: string };
  });
  try {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.reload();
    const output = page.getByRole("region", { name: "Output A content" });
    await expect(output.getByText("still markdown")).toBeVisible();
    await expect(output.locator("script, img, [onerror]")).toHaveCount(0);
    await expect(output.locator('a[href^="javascript"]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  } finally {
    await withAppDb((db) => db.query(`UPDATE "Output" SET content = $2 WHERE id = $1`, [restore.id, restore.content]));
  }
});

for (const width of [1280, 768]) {
  test(`the review screen has no serious accessibility violations at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openQueue(page, "support-v1 vs support-v2");
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("?");
    expect(await seriousViolations(page)).toEqual([]);
  });
}
