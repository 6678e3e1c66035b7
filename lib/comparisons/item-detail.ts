import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { loadRunPair } from "./runs";

// One item of a comparison, for the side-by-side view: the prompt, both runs'
// outputs, and on each output the reviewers' labels (with rationale), the
// judges' scores (with rationale) and any ground truth.

export type OutputEvidence = {
  /** One entry per reviewer's label: its values on this output and the label's rationale, once. */
  labels: { id: string; reviewer: string; rationale: string; values: { criterion: string; value: number | null; category: string | null }[] }[];
  judgeScores: { id: string; judge: string; criterion: string; value: number | null; category: string | null; error: string | null; rationale: string }[];
  groundTruth: { id: string; criterion: string; value: number | null; category: string | null; status: string; note: string }[];
};

export async function loadComparisonItem(projectId: string, opts: { baseline: string; candidate: string; itemId: string; turn: number }) {
  const { baseline, candidate } = await loadRunPair(projectId, opts.baseline, opts.candidate);
  const item = await db.datasetItem.findFirst({
    where: { id: opts.itemId, datasetVersionId: baseline.datasetVersionId },
    select: { id: true, externalId: true, inputText: true, inputTurns: true, context: true, reference: true, tags: true, group: true },
  });
  if (!item) throw new SafeError("NOT_FOUND", "This item is not in the runs' dataset version.");
  const outputs = await db.output.findMany({
    where: { itemId: item.id, turn: opts.turn, runId: { in: [baseline.id, candidate.id] } },
    select: { id: true, runId: true, content: true, turns: true, trace: true, latencyMs: true, completionTokens: true, costUsd: true },
  });
  const evidence = async (outputId: string): Promise<OutputEvidence> => {
    const [labels, judgeScores, groundTruth] = await Promise.all([
      db.labelValue.findMany({
        where: { outputId, criterion: { kind: { not: "PREFERENCE" } } },
        select: { id: true, labelId: true, value: true, category: true, criterion: { select: { name: true } }, label: { select: { rationale: true, reviewer: { select: { name: true } } } } },
        orderBy: [{ criterion: { position: "asc" } }, { label: { createdAt: "asc" } }],
      }),
      db.judgeScore.findMany({
        where: { outputId },
        select: { id: true, value: true, category: true, error: true, rationale: true, criterion: { select: { name: true } }, judge: { select: { name: true, promptVersion: true } } },
        orderBy: [{ criterion: { position: "asc" } }, { judge: { name: "asc" } }, { judge: { promptVersion: "asc" } }],
      }),
      db.groundTruth.findMany({
        where: { projectId, outputId },
        select: { id: true, value: true, category: true, status: true, note: true, criterion: { select: { name: true } } },
      }),
    ]);
    return {
      labels: [...groupByLabel(labels).entries()].map(([labelId, values]) => ({
        id: labelId,
        reviewer: values[0]!.label.reviewer.name,
        rationale: values[0]!.label.rationale,
        values: values.map((v) => ({ criterion: v.criterion.name, value: v.value, category: v.category })),
      })),
      judgeScores: judgeScores.map((s) => ({ id: s.id, judge: `${s.judge.name}${s.judge.promptVersion ? ` ${s.judge.promptVersion}` : ""}`, criterion: s.criterion.name, value: s.value, category: s.category, error: s.error, rationale: s.rationale })),
      groundTruth: groundTruth.map((g) => ({ id: g.id, criterion: g.criterion.name, value: g.value, category: g.category, status: g.status, note: g.note })),
    };
  };
  const side = async (run: typeof baseline) => {
    const output = outputs.find((o) => o.runId === run.id) ?? null;
    return { run, output, evidence: output ? await evidence(output.id) : null };
  };
  return { item, turn: opts.turn, baseline: await side(baseline), candidate: await side(candidate) };
}

function groupByLabel<T extends { labelId: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.labelId, [...(groups.get(row.labelId) ?? []), row]);
  return groups;
}
