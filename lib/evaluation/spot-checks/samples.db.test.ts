import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { openQueue, submitLabel } from "@/lib/review/queue";
import { closeTrafficPools } from "@/lib/traffic/pool";
import { listSamples, samplesFiltersSchema } from "./samples";
import { createSpotCheckSetup } from "./setup";
import { createOnlineJudge, ingestScoredTraffic, noonDaysAgo } from "./test-traffic";

// The samples page's outcome filters: the judge's fail (by the criterion's
// pass rule), failed calls, expert flags, and judge–expert disagreement.

let projectId: string;
let ruleId: string;

beforeAll(async () => {
  const fixture = await createProjectWithMembers(["LEAD", "REVIEWER"]);
  projectId = fixture.project.id;
  const online = await createOnlineJudge(projectId);
  ruleId = online.rule.id;
  await ingestScoredTraffic(projectId, online, [
    { callerId: "judged-fail", occurredAt: noonDaysAgo(1), segment: "a", question: "Q1?", answer: "Wrong.", judge: { value: 0 } },
    { callerId: "call-error", occurredAt: noonDaysAgo(1, 1), segment: "b", question: "Q2?", answer: "Maybe.", judge: { error: "timeout" } },
    { callerId: "judged-pass", occurredAt: noonDaysAgo(1, 2), segment: "b", question: "Q3?", answer: "Right?" },
  ]);
  const { setupId } = await createSpotCheckSetup(
    { projectId, name: "spot", rubricVersionId: online.rubricVersion.id, criterionKeys: [], overlap: 1, blindReview: true, showReference: false, selection: { ruleId, from: noonDaysAgo(2).toISOString(), to: new Date().toISOString(), period: "range", perSegment: false, split: "stratum", draw: "stratified", n: 10, seed: 1 } },
    fixture.members.LEAD.id,
  );
  // The expert fails the answer the judge passed (a disagreement) and flags it; agrees elsewhere.
  for (;;) {
    const { task } = await openQueue(projectId, fixture.members.REVIEWER.id, setupId);
    if (!task) break;
    const item = (await db.reviewTask.findUniqueOrThrow({ where: { id: task.taskId }, select: { item: { select: { metadata: true } } } })).item;
    const caller = (item.metadata as { traffic: { callerId: string } }).traffic.callerId;
    await submitLabel(projectId, fixture.members.REVIEWER.id, {
      assignmentId: task.assignmentId,
      clientId: crypto.randomUUID(),
      answers: { [task.fields[0]!.id]: { kind: "score", value: caller === "judged-fail" || caller === "judged-pass" ? 0 : 1 } },
      rationale: "",
      flags: caller === "judged-pass" ? ["hallucination"] : [],
      activeMsDelta: 0,
    });
  }
});

afterAll(async () => {
  await closeTrafficPools();
});

const answers = async (query: Record<string, string>) => (await listSamples(projectId, samplesFiltersSchema.parse({ rule: ruleId, ...query }))).rows.map((row) => row.answer).sort();

describe("the samples page's filters", () => {
  it("finds judge fails, failed calls, flagged answers and disagreements", async () => {
    expect(await answers({})).toEqual(["Maybe.", "Right?", "Wrong."]);
    expect(await answers({ outcome: "failed" })).toEqual(["Wrong."]);
    expect(await answers({ outcome: "error" })).toEqual(["Maybe."]);
    expect(await answers({ outcome: "flagged" })).toEqual(["Right?"]);
    expect(await answers({ outcome: "disagree" })).toEqual(["Right?"]);
    expect(await answers({ segment: "b" })).toEqual(["Maybe.", "Right?"]);
    const day = noonDaysAgo(5).toISOString().slice(0, 10);
    expect(await answers({ from: day, to: day })).toEqual([]);
  });
});
