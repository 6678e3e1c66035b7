import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { parseJudgeAnswer } from "@/lib/judge-runner/answer";
import { createDefinition } from "@/lib/judge-runner/definitions";
import { criterionFor, planJudgeCalls } from "@/lib/judge-runner/plan";
import { createRunFixture, type RunFixture } from "@/lib/judge-runner/test/run-fixture";
import { demoModelAnswer } from "./demo-model";

// The demo model must work with the judges Touchstone really builds: the
// default templates, the answer schemas generated from each criterion kind,
// and the tolerant parser when structured output is off. And its judgements
// must carry signal: the fixture's baseline answers follow the reference,
// the candidate's do not.

let fixture: RunFixture;
const judges: Record<string, string> = {};
beforeAll(async () => {
  fixture = await createRunFixture({ items: 8, baseUrl: "http://127.0.0.1:9/v1" });
  const admin = fixture.members.ADMIN!.id;
  for (const [name, mode, criterionKey] of [
    ["quality", "POINTWISE", "quality"],
    ["tone", "POINTWISE", "tone"],
    ["preference", "PAIRWISE", "preference"],
  ] as const) {
    const created = await createDefinition({ projectId: fixture.project.id, name: `Demo ${name}`, mode, rubricId: fixture.rubric.id, criterionKey, connectionId: fixture.connection.id }, admin);
    judges[name] = created.judgeId;
  }
});

async function answers(judge: "quality" | "tone" | "preference", mode: "POINTWISE" | "PAIRWISE", criterionKey: string) {
  const specs = await planJudgeCalls(db, { judgeId: judges[judge]!, scope: fixture.scope });
  const criterion = await criterionFor(db, fixture.rubric.id, criterionKey, mode);
  return specs.map((spec) => {
    const text = demoModelAnswer(spec.messages, spec.answerSchema);
    const parsed = parseJudgeAnswer(criterion, mode, spec.target.kind === "pairwise" ? spec.target.shownOrder : "AB", text);
    return { spec, text, parsed };
  });
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

for (const structuredOutput of [true, false]) {
  describe(`the demo model behind Touchstone's judges (structured output ${structuredOutput ? "on" : "off"})`, () => {
    beforeAll(() => db.llmConnection.update({ where: { id: fixture.connection.id }, data: { structuredOutput } }));

    it("answers every Likert call readably, scoring answers that follow the reference higher", async () => {
      const results = await answers("quality", "POINTWISE", "quality");
      expect(results.length).toBe(16);
      expect(results.every((r) => !!r.spec.answerSchema === structuredOutput)).toBe(true);
      expect(results.filter((r) => !r.parsed.ok).map((r) => r.text)).toEqual([]);
      const scoreOf = (runIndex: number) =>
        mean(results.filter((r) => r.spec.target.kind === "pointwise" && fixture.outputs.find((o) => o.id === (r.spec.target as { outputId: string }).outputId)!.runId === fixture.runs[runIndex]!.id).map((r) => (r.parsed.ok ? r.parsed.value! : NaN)));
      expect(scoreOf(0)).toBeGreaterThan(scoreOf(1));
    });

    it("answers every categorical call with one of the criterion's options", async () => {
      const results = await answers("tone", "POINTWISE", "tone");
      expect(results.every((r) => r.parsed.ok && ["friendly", "curt"].includes(r.parsed.category!))).toBe(true);
    });

    it("answers every pairwise call in both orders, mostly preferring the answer that follows the reference", async () => {
      const results = await answers("preference", "PAIRWISE", "preference");
      expect(results.length).toBe(16);
      expect(results.filter((r) => !r.parsed.ok).map((r) => r.text)).toEqual([]);
      const baselineWins = results.filter((r) => {
        const target = r.spec.target as { outputAId: string };
        const baselineIsA = fixture.outputs.find((o) => o.id === target.outputAId)!.runId === fixture.runs[0]!.id;
        return r.parsed.ok && r.parsed.verdict === (baselineIsA ? "A" : "B");
      }).length;
      expect(baselineWins).toBeGreaterThanOrEqual(12);
    });
  });
}
