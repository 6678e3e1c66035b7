import crypto from "node:crypto";
import { db } from "../lib/db/client";
import type { Prisma } from "../lib/generated/prisma/client";
import { DEMO_ITEMS } from "./demo-data";

// Pairwise judge verdicts for support-llama against support-v1 and support-v2,
// so the leaderboard connects all three demo runs. The same "claude pairwise
// judge" that compares v1 and v2 sees each pair in both orders; it prefers the
// better answer, breaks ties towards the answer shown first, and sometimes
// follows its first-position habit anyway. Deterministic on every machine.

function unit(key: string) {
  return crypto.createHash("sha256").update(key).digest().readUInt32BE(0) / 2 ** 32;
}

const RATIONALES = {
  A: ["The first-listed answer (A) gives the concrete steps; B stays vague.", "A answers the actual question; B misses part of it."],
  B: ["B is more complete and accurate than A.", "B gives the exact steps; A is generic."],
  TIE: ["Both answers are about equally useful."],
  BOTH_BAD: ["Neither answer resolves the customer's problem."],
} as const;

export async function seedDemoPairwise() {
  const project = await db.project.findUnique({ where: { slug: "support-bot-answers" }, select: { id: true } });
  if (!project) return;
  const judge = await db.judge.findFirst({ where: { projectId: project.id, name: "claude pairwise judge" }, select: { id: true } });
  const criterion = await db.criterion.findFirst({ where: { key: "preference", rubricVersion: { rubric: { projectId: project.id, name: "Support answer quality" } } }, select: { id: true } });
  if (!judge || !criterion) return;
  const outputs = await db.output.findMany({
    where: { run: { projectId: project.id, name: { in: ["support-v1", "support-v2", "support-llama"] } }, turn: 0 },
    select: { id: true, content: true, itemId: true, run: { select: { name: true } }, item: { select: { externalId: true } } },
  });
  const goodContent = new Map(DEMO_ITEMS.map((item) => [item.externalId, item.good]));
  const byItem = new Map<string, Map<string, { id: string; itemId: string; good: boolean }>>();
  for (const output of outputs) {
    const runs = byItem.get(output.item.externalId) ?? new Map();
    runs.set(output.run.name, { id: output.id, itemId: output.itemId, good: output.content === goodContent.get(output.item.externalId) });
    byItem.set(output.item.externalId, runs);
  }

  const rows: Prisma.PairwiseJudgeScoreCreateManyInput[] = [];
  for (const [externalId, runs] of byItem) {
    const a = runs.get("support-llama");
    if (!a) continue;
    for (const other of ["support-v1", "support-v2"]) {
      const b = runs.get(other);
      if (!b) continue;
      for (const shownOrder of ["AB", "BA"] as const) {
        const firstShown = shownOrder === "AB" ? "A" : "B";
        const roll = unit(`llama:${other}:${externalId}:${shownOrder}`);
        let verdict: keyof typeof RATIONALES;
        if (a.good !== b.good) verdict = roll < 0.25 ? firstShown : a.good ? "A" : "B";
        else if (!a.good && roll < 0.35) verdict = "BOTH_BAD";
        else verdict = roll < 0.6 ? firstShown : "TIE";
        const reasons = RATIONALES[verdict];
        rows.push({
          judgeId: judge.id,
          criterionId: criterion.id,
          itemId: a.itemId,
          outputAId: a.id,
          outputBId: b.id,
          shownOrder,
          verdict,
          rationale: reasons[Math.floor(unit(`why:${externalId}:${other}:${shownOrder}`) * reasons.length)]!,
        });
      }
    }
  }
  await db.pairwiseJudgeScore.createMany({ data: rows, skipDuplicates: true });
}
