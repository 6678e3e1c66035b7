import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { screenshot } from "./app-database";
import { openDemoProject, signIn, warmUpSignIn, type DemoRole } from "./fixtures";

// axe-core on every screen of the app, each as the role that uses it, on the
// demo project: no serious or critical violation anywhere (issue 15).
//
// To add a screen, add a line to SCREENS. A path starting with "~" is under
// the demo project (/projects/{id}); a `from` screen is reached through the
// first link on that page whose URL matches, for screens with ids in their path.
// The review screen (review/[setupId]) is checked in review.spec.ts and
// multi-turn-review.spec.ts, which own tasks to open: visiting it here would
// lease a demo task behind other specs' backs.

type Screen = { role: DemoRole | "anonymous"; path: string; from?: { page: string; link: RegExp } };

export const SCREENS: Screen[] = [
  { role: "anonymous", path: "/sign-in" },
  { role: "admin", path: "/projects" },
  { role: "admin", path: "/help/metrics" },
  { role: "admin", path: "/sign-out" },
  { role: "admin", path: "/projects/no-such-project" }, // not found
  { role: "admin", path: "~" },
  { role: "admin", path: "~/review" },
  { role: "admin", path: "~/review/mine" },
  { role: "admin", path: "~/review/setup" },
  { role: "admin", path: "~/dashboards" },
  { role: "admin", path: "~/dashboards/judges/[judgeId]", from: { page: "~/dashboards", link: /\/dashboards\/judges\/[^/?]+$/ } },
  { role: "admin", path: "~/dashboards/disagreements" },
  { role: "admin", path: "~/dashboards/disagreements/unit", from: { page: "~/dashboards/disagreements", link: /\/disagreements\/unit\?/ } },
  { role: "admin", path: "~/dashboards/reviewers" },
  { role: "admin", path: "~/dashboards/exports" },
  { role: "admin", path: "~/runs" },
  { role: "admin", path: "~/runs/item", from: { page: "~/runs", link: /\/runs\/item\?/ } },
  { role: "admin", path: "~/runs/leaderboard" },
  { role: "admin", path: "~/runs/health" },
  { role: "admin", path: "~/runs/factuality" },
  { role: "admin", path: "~/datasets" },
  { role: "admin", path: "~/datasets/versions/[versionId]", from: { page: "~/datasets", link: /\/datasets\/versions\/[^/?]+$/ } },
  { role: "admin", path: "~/datasets/diff" },
  { role: "admin", path: "~/datasets/upload" },
  { role: "admin", path: "~/rubrics" },
  { role: "admin", path: "~/rubrics/new" },
  { role: "admin", path: "~/rubrics/[rubricId]", from: { page: "~/rubrics", link: /\/rubrics\/(?!new)[^/?]+$/ } },
  { role: "admin", path: "~/settings" },
  { role: "admin", path: "~/settings/tokens" },
  { role: "admin", path: "~/settings/audit" },
  { role: "admin", path: "~/settings/connections" },
  { role: "admin", path: "~/judges" },
  { role: "admin", path: "~/judges/runs" },
  { role: "admin", path: "~/runs/estimates" },
  { role: "admin", path: "/account" },
  { role: "admin", path: "~/traffic" },
  { role: "admin", path: "~/traffic/samples" },
  { role: "admin", path: "~/settings/traffic" },
  { role: "lead", path: "~/traffic/rules" },
  { role: "admin", path: "~/traffic/monitoring" },
  { role: "admin", path: "~/settings/monitoring" },
  { role: "lead", path: "~" },
  { role: "lead", path: "~/rubrics/[rubricId]", from: { page: "~/rubrics", link: /\/rubrics\/(?!new)[^/?]+$/ } }, // read-only view
  { role: "reviewer", path: "~" },
  { role: "reviewer", path: "~/review" },
  { role: "reviewer", path: "~/review/mine" },
  { role: "reviewer", path: "~/dashboards" }, // forbidden page
];

test.beforeAll(warmUpSignIn);

/** Serious and critical findings, as "rule (impact): targets". */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

async function resolve(page: Page, base: string, screen: Screen) {
  const expand = (path: string) => path.replace(/^~/, base);
  if (!screen.from) return expand(screen.path);
  await page.goto(expand(screen.from.page));
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
  const href = hrefs.find((candidate) => screen.from!.link.test(candidate));
  expect(href, `a link to ${screen.path} on ${screen.from.page}`).toBeTruthy();
  return href!;
}

for (const role of ["anonymous", "admin", "lead", "reviewer"] as const) {
  test(`no serious or critical axe violation on any screen, as ${role}`, async ({ page }) => {
    const screens = SCREENS.filter((screen) => screen.role === role);
    test.setTimeout(30_000 + screens.length * 10_000);
    let base = "";
    if (role !== "anonymous") {
      await signIn(page, role);
      base = await openDemoProject(page);
    }
    const found: Record<string, string[]> = {};
    for (const screen of screens) {
      const url = await resolve(page, base, screen);
      await page.goto(url);
      await page.waitForLoadState("networkidle");
      await screenshot(page, `screen-${role}-${screen.path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "overview"}`);
      const violations = await seriousViolations(page);
      if (violations.length > 0) found[`${screen.path} (${url})`] = violations;
    }
    expect(found).toEqual({});
  });
}
