import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { compareRuns } from "@/lib/comparisons/compare";
import { factualityByRun } from "@/lib/comparisons/factuality";
import { datasetHealth } from "@/lib/dataset-health/health";
import { computeLeaderboard } from "./leaderboard";
import { leaderboardSchema } from "./schemas";
import { defaultSource, leaderboardSources } from "./sources";

// The demo must show every runs page with real numbers: the pairwise judge
// connects all three runs, comparison, factuality and health work on it.

describe("the demo's runs pages", () => {
  it("ranks all three runs and compares, grades and measures them", async () => {
    const { seedDemoIfEmpty } = await import("@/prisma/seed");
    await seedDemoIfEmpty();
    const project = await db.project.findFirstOrThrow({ where: { slug: "support-bot-answers" } });

    const sources = await leaderboardSources(project.id);
    const judge = sources.find((s) => s.label.startsWith("claude pairwise judge"))!;
    expect(judge).toMatchObject({ runs: 3 });
    expect(judge.battles).toBe(22 * 2 * 3);
    expect(defaultSource(sources)).toBe(judge.source);

    const board = await computeLeaderboard(project.id, leaderboardSchema.parse({ source: judge.source }));
    expect(board.notEstimable).toBeNull();
    expect(board.rows!.map((row) => row.name)[0]).toBe("support-v2");
    expect(board.rows).toHaveLength(3);
    const again = await computeLeaderboard(project.id, leaderboardSchema.parse({ source: judge.source }));
    expect(again.rows).toEqual(board.rows);

    const comparison = await compareRuns(project.id, { baseline: "support-v1", candidate: "support-v2" });
    const helpfulness = comparison.criteria.find((c) => c.key === "helpfulness")!;
    expect(helpfulness.candidate.value!).toBeGreaterThan(helpfulness.baseline.value!);
    expect(helpfulness.sources.candidate.human).toBeGreaterThan(0);
    expect(comparison.items.length).toBeGreaterThan(0);

    const factuality = await factualityByRun(project.id);
    expect(factuality.criteria[0]!.runs.map((run) => run.metrics?.n)).toEqual([22, 22, 22]);

    const version = await db.datasetVersion.findFirstOrThrow({ where: { dataset: { projectId: project.id } } });
    const health = await datasetHealth(project.id, { datasetVersion: version.id, criterion: "helpfulness" });
    expect(health.runs).toHaveLength(3);
    expect(health.items.length).toBe(22);
  }, 120_000);
});
