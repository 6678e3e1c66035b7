import type { Db } from "@/lib/db/client";
import type { JudgedCriterion, JudgeModeName } from "./criterion";
import { formatInput, type PromptItem, type PromptOutput } from "./render";
import { seededUnit } from "./split";

// Few-shot examples: drawn from the criterion's calibration POOL only (never
// the held-out set agreement is measured on), balanced across labels by a
// round-robin over strata, deterministic (seeded hash order within each
// stratum). Each example shows the item, the output(s), the experts' answer
// and their rationales (Label.rationale, a lead's GroundTruth.note), written
// in the answer format the judge must use.

export type Example = {
  itemId: string;
  item: PromptItem;
  /** Shown order: the pair's canonical A first. */
  outputs: PromptOutput[];
  /** The consensus code: a level or score as text, a category, or A/B/TIE/BOTH_BAD. */
  code: string;
  rationales: string[];
};

type PoolRow = { itemId: string; stratum: string };

/** Item ids in example order: one per stratum in turn (strata sorted), hash order within each. */
export function roundRobin(rows: PoolRow[], criterionKey: string): string[] {
  const strata = new Map<string, string[]>();
  for (const row of rows) strata.set(row.stratum, [...(strata.get(row.stratum) ?? []), row.itemId]);
  const queues = [...strata.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, ids]) => ids.map((id) => ({ id, u: seededUnit(criterionKey, "example", id) })).sort((a, b) => a.u - b.u || (a.id < b.id ? -1 : 1)));
  const order: string[] = [];
  for (let round = 0; queues.some((queue) => round < queue.length); round++) {
    for (const queue of queues) if (round < queue.length) order.push(queue[round]!.id);
  }
  return order;
}

/**
 * Up to `count` examples from the pool. Pass k + 1 when the judged items may
 * be pool items themselves: `examplesFor` drops the judged item and keeps k.
 */
export async function chooseExamples(db: Db, input: { projectId: string; rubricId: string; criterionKey: string; mode: JudgeModeName; count: number }): Promise<Example[]> {
  if (input.count <= 0) return [];
  const pool = await db.calibrationSplit.findMany({
    where: { rubricId: input.rubricId, criterionKey: input.criterionKey, split: "POOL" },
    select: { itemId: true, stratum: true },
  });
  const order = roundRobin(pool, input.criterionKey);
  const stratumOf = new Map(pool.map((row) => [row.itemId, row.stratum]));
  const pairwise = input.mode === "PAIRWISE";
  // The unit each item is shown with: its first unit (by key) whose consensus is the item's stratum.
  const units = await db.$queryRaw<{ itemId: string; targetKey: string; code: string }[]>`
    SELECT DISTINCT ON (o."itemId", hj.consensus[1]) o."itemId" AS "itemId", hj."targetKey" AS "targetKey", hj.consensus[1] AS code
    FROM "HumanJudgment" hj JOIN "Output" o ON o.id = split_part(hj."targetKey", ':', 1)
    WHERE hj."projectId" = ${input.projectId} AND hj."criterionKey" = ${input.criterionKey} AND cardinality(hj.consensus) = 1
      AND o."itemId" = ANY(${order}::text[]) AND (strpos(hj."targetKey", ':') > 0) = ${pairwise}
    ORDER BY o."itemId", hj.consensus[1], hj."targetKey"`;
  const unitOf = new Map(units.filter((unit) => unit.code === stratumOf.get(unit.itemId)).map((unit) => [unit.itemId, unit]));
  const chosen = order.filter((id) => unitOf.has(id)).slice(0, input.count).map((id) => unitOf.get(id)!);
  if (chosen.length === 0) return [];

  const outputIds = chosen.flatMap((unit) => unit.targetKey.split(":"));
  const [items, outputs, rationales] = await Promise.all([
    db.datasetItem.findMany({ where: { id: { in: chosen.map((unit) => unit.itemId) } }, select: { id: true, inputText: true, inputTurns: true, context: true, reference: true } }),
    db.output.findMany({ where: { id: { in: outputIds } }, select: { id: true, content: true, turn: true } }),
    expertRationales(db, input.projectId, input.criterionKey, chosen.map((unit) => unit.targetKey)),
  ]);
  const itemById = new Map(items.map((item) => [item.id, item]));
  const outputById = new Map(outputs.map((output) => [output.id, output]));
  return chosen.map((unit) => ({
    itemId: unit.itemId,
    item: itemById.get(unit.itemId)!,
    outputs: unit.targetKey.split(":").map((id) => ({ content: outputById.get(id)?.content ?? "", turn: outputById.get(id)?.turn ?? 0, earlier: new Map() })),
    code: unit.code,
    rationales: rationales.get(unit.targetKey) ?? [],
  }));
}

/** The experts' words on each unit: reviewers' label rationales and a lead's ground-truth note, distinct, per target key. */
export async function expertRationales(db: Db, projectId: string, criterionKey: string, targetKeys: string[]): Promise<Map<string, string[]>> {
  const rows = await db.$queryRaw<{ targetKey: string; rationale: string }[]>`
    SELECT lv."targetKey" AS "targetKey", l.rationale
    FROM "LabelValue" lv JOIN "Label" l ON l.id = lv."labelId" JOIN "Criterion" c ON c.id = lv."criterionId"
    JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId" JOIN "Rubric" r ON r.id = rv."rubricId"
    WHERE r."projectId" = ${projectId} AND c.key = ${criterionKey} AND lv."targetKey" = ANY(${targetKeys}::text[]) AND btrim(l.rationale) <> ''
    UNION ALL
    SELECT g."targetKey", g.note FROM "GroundTruth" g JOIN "Criterion" c ON c.id = g."criterionId"
    WHERE g."projectId" = ${projectId} AND c.key = ${criterionKey} AND g."targetKey" = ANY(${targetKeys}::text[])
      AND g.status <> 'CONTESTED' AND btrim(g.note) <> ''`;
  const byTarget = new Map<string, string[]>();
  for (const row of rows) {
    const list = byTarget.get(row.targetKey) ?? [];
    if (!list.includes(row.rationale.trim())) list.push(row.rationale.trim());
    byTarget.set(row.targetKey, list);
  }
  return byTarget;
}

/** The k examples a call on `itemId` shows: never the judged item itself. */
export function examplesFor(examples: Example[], itemId: string, k: number): Example[] {
  return examples.filter((example) => example.itemId !== itemId).slice(0, k);
}

const VERDICT_SHOWN: Record<string, string> = { A: "first", B: "second", TIE: "tie", BOTH_BAD: "both_bad" };

/** The experts' answer in the judge's own answer format. */
export function expertAnswer(criterion: JudgedCriterion, example: Example): string {
  const reasoning = example.rationales.join(" ") || "(The experts gave no rationale.)";
  const answer: Record<string, unknown> = { reasoning };
  if (criterion.kind === "PREFERENCE") answer.verdict = VERDICT_SHOWN[example.code] ?? example.code;
  else if (criterion.kind === "BINARY") answer.verdict = Number(example.code) >= 1 ? "pass" : "fail";
  else if (criterion.kind === "LIKERT" || criterion.kind === "SCORE") answer.score = Number(example.code);
  else answer.category = example.code;
  return JSON.stringify(answer);
}

/** The {{examples}} block: empty when there are none. */
export function renderExamples(criterion: JudgedCriterion, mode: JudgeModeName, examples: Example[]): string {
  if (examples.length === 0) return "";
  const blocks = examples.map((example, i) => {
    // Labels the demo model's section reader (and a real model) cannot mistake for the judged output.
    const shown = (label: string, content: string | undefined) => `${label}:\n"""\n${content ?? ""}\n"""`;
    const responses = mode === "PAIRWISE" ? `${shown("Example output A (shown first)", example.outputs[0]?.content)}\n${shown("Example output B (shown second)", example.outputs[1]?.content)}` : shown("Example output", example.outputs[0]?.content);
    return `### Example ${i + 1}\nExample conversation:\n${formatInput(example.item, example.outputs)}\n${responses}\nThe experts' answer: ${expertAnswer(criterion, example)}`;
  });
  return `## Examples judged by experts\n${blocks.join("\n\n")}\n\n## Now your task`;
}
