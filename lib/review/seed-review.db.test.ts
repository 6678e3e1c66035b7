import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { leaseNextTask, loadTaskView } from "./queue";

describe("demo review seed", () => {
  it("leaves the demo reviewer a pairwise, a single-rating and a ranking queue", async () => {
    const { seedDemoIfEmpty } = await import("@/prisma/seed");
    await seedDemoIfEmpty();
    const setups = await db.reviewSetup.findMany({ select: { id: true, name: true, mode: true, _count: { select: { tasks: true } } }, orderBy: { name: "asc" } });
    expect(setups.map((s) => [s.mode, s._count.tasks])).toEqual(
      expect.arrayContaining([["PAIRWISE", 22], ["SINGLE", 22], ["RANKING", 8]]),
    );
    const reviewer = await db.user.findUniqueOrThrow({ where: { email: "reviewer@touchstone.local" } });
    const pairwise = setups.find((s) => s.mode === "PAIRWISE")!;
    const project = await db.project.findFirstOrThrow({ where: { slug: "support-bot-answers" } });
    const lease = await leaseNextTask(project.id, reviewer.id, { setupId: pairwise.id });
    const view = await loadTaskView(project.id, reviewer.id, lease!.assignmentId);
    expect(view.outputs).toHaveLength(2);
    expect(view.outputs.every((o) => o.run === null && o.judgeScores.length === 0)).toBe(true);
    expect(view.item.reference).toBeNull();
    expect(view.fields.map((f) => f.criterion.key)).toEqual(["helpfulness", "helpfulness", "preference"]);
  }, 120_000);
});
