import { expect, test } from "@playwright/test";
import { postAsSession } from "./app-database";
import { seriousViolations } from "./axe";
import { openDemoProject, removeDemoDatasets, signIn } from "./fixtures";

// A three-turn chat reviewed turn by turn: items and two runs' answers come in
// through the REST API (the signed-in admin's session), a lead-level user
// creates an "every turn" pairwise setup in the browser, then reviews each
// turn and checks the screen says which turn it is and shows the
// conversation before it in order.

const QUESTIONS = ["Which plan includes shared folders?", "Can my partner get their own space on it?", "What happens to my files if I downgrade later?"];
const answer = (run: string, turn: number) => `${run} answer ${turn + 1}: see the plans page`;

test.afterAll(() => removeDemoDatasets(["e2e-turns"]));

test("every turn of a chat is its own task, shown with the conversation up to it", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  const projectId = base.split("/").pop()!;
  const api = `/api/v1/projects/${projectId}`;
  await postAsSession(page, `${api}/items`, {
    options: { dataset: "e2e-turns" },
    rows: [{ externalId: "chat-3", input: QUESTIONS.map((content) => ({ role: "user", content })) }],
  });
  for (const run of ["turns-a", "turns-b"]) {
    await postAsSession(page, `${api}/outputs`, {
      options: { dataset: "e2e-turns", run, model: `model-${run}` },
      rows: QUESTIONS.map((_, turn) => ({ externalId: "chat-3", turn, content: answer(run, turn) })),
    });
  }

  await page.goto(`${base}/review/setup`);
  await page.getByLabel("Name", { exact: true }).fill("e2e every turn");
  await page.getByLabel("Mode", { exact: true }).selectOption("PAIRWISE");
  await page.getByLabel("Dataset version", { exact: true }).selectOption({ label: "e2e-turns v1 (1 items)" });
  await page.getByRole("checkbox", { name: /^turns-a/ }).check();
  await page.getByRole("checkbox", { name: /^turns-b/ }).check();
  const criteria = page.getByRole("group", { name: "Criteria reviewers answer" });
  for (const box of await criteria.getByRole("checkbox").all()) await box.uncheck();
  await criteria.getByRole("checkbox", { name: /^Preference/ }).check();
  await page.getByLabel("Turns of multi-turn items").selectOption("EVERY");
  await page.getByLabel("Reviewers per task (overlap)").fill("1");
  await page.getByRole("button", { name: "Create setup and generate tasks" }).click();
  await page.getByRole("link", { name: "Start reviewing e2e every turn" }).click();

  const seen: number[] = [];
  for (let task = 0; task < 3; task++) {
    const marker = page.getByTestId("turn-marker");
    await expect(marker).toHaveText(/^Turn [123] of 3$/);
    const position = Number((await marker.textContent())!.match(/Turn (\d)/)![1]);
    seen.push(position);

    // user 1, both outputs' answer 1, user 2, … user k: in order, nothing after.
    const steps = page.getByRole("list", { name: `Conversation up to turn ${position} of 3` }).locator(":scope > li");
    await expect(steps).toHaveCount(2 * position - 1);
    for (let turn = 0; turn < position; turn++) {
      await expect(steps.nth(2 * turn)).toContainText(QUESTIONS[turn]!);
      if (turn < position - 1) {
        for (const run of ["turns-a", "turns-b"]) await expect(steps.nth(2 * turn + 1)).toContainText(answer(run, turn));
      }
    }
    // The answers under review are this turn's, blind (letters, no run names).
    const columns = page.getByRole("region", { name: /Output [AB] content/ });
    await expect(columns).toHaveCount(2);
    for (const run of ["turns-a", "turns-b"]) await expect(page.getByRole("main")).toContainText(answer(run, position - 1));
    await expect(page.getByRole("heading", { name: /Output [AB] · turns-/ })).toHaveCount(0);
    for (let later = position; later < 3; later++) await expect(page.getByRole("main")).not.toContainText(QUESTIONS[later]!);

    if (position === 3) {
      await page.screenshot({ path: "/tmp/turns.png", fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
    }
    const shown = await page.locator("[data-assignment]").getAttribute("data-assignment");
    await page.keyboard.press("a");
    await expect(page.getByRole("radio", { name: /Preference: Output A is better/ })).toBeChecked();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "Label submitted" })).toBeVisible();
    await expect(page.locator(`[data-assignment="${shown}"]`)).toHaveCount(0);
  }
  expect(seen.sort()).toEqual([1, 2, 3]);
  await expect(page.getByRole("heading", { name: "Nothing left for you here" })).toBeVisible();
});
