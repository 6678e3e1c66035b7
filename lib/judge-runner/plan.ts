import type { Db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import type { JudgeCallSpec, JudgeRunScope } from "@/lib/judge-runner/contracts";
import type { ChatParams } from "@/lib/llm/types";
import { answerSchemaFor } from "./answer";
import type { JudgedCriterion, JudgeModeName, ShownOrderName } from "./criterion";
import { chooseExamples, examplesFor, renderExamples, type Example } from "./examples";
import { renderCall, type PromptItem, type PromptOutput } from "./render";
import { chatParamsSchema, judgeTemplateSchema } from "./schemas";
import { seededUnit } from "./split";
import { DEFAULT_TEMPLATES, type JudgeTemplate } from "./template";

// Plans a judge run: every call, rendered once, before anything is sent (so
// tokens and cost can be estimated up front). Pointwise: one call per output
// in scope. Pairwise: one call per pair of the scope's runs' outputs on the
// same item and turn, in both shown orders unless the version turned that off
// (then one order, picked by a seeded hash so neither position is favoured).
// Loads everything in a handful of set-based queries (no per-output query).

export type LoadedVersion = {
  id: string;
  projectId: string;
  mode: JudgeModeName;
  rubricId: string;
  criterionKey: string;
  template: JudgeTemplate;
  params: ChatParams;
  fewShotK: number;
  bothOrders: boolean;
  structuredOutput: boolean;
};

/** A judge version with its definition and connection, ready to plan or preview. */
export async function loadVersion(db: Db, judgeId: string): Promise<LoadedVersion> {
  const judge = await db.judge.findUnique({
    where: { id: judgeId },
    select: {
      id: true,
      projectId: true,
      template: true,
      params: true,
      fewShotK: true,
      bothOrders: true,
      definition: { select: { mode: true, rubricId: true, criterionKey: true } },
      connection: { select: { defaultParams: true, structuredOutput: true } },
    },
  });
  if (!judge) throw new SafeError("NOT_FOUND", "This judge does not exist.");
  if (!judge.definition || !judge.connection) throw new SafeError("VALIDATION", "This judge was imported: only judges defined in Touchstone (with a prompt and a model connection) can run.");
  return {
    id: judge.id,
    projectId: judge.projectId,
    mode: judge.definition.mode,
    rubricId: judge.definition.rubricId,
    criterionKey: judge.definition.criterionKey,
    template: judge.template === null ? DEFAULT_TEMPLATES[judge.definition.mode] : judgeTemplateSchema.parse(judge.template),
    params: mergeParams(judge.connection.defaultParams, judge.params),
    fewShotK: judge.fewShotK,
    bothOrders: judge.bothOrders,
    structuredOutput: judge.connection.structuredOutput,
  };
}

/** The connection's default parameters overridden by the version's; malformed stored values are dropped, not sent. */
export function mergeParams(defaults: unknown, overrides: unknown): ChatParams {
  const read = (value: unknown) => {
    const parsed = chatParamsSchema.safeParse(value ?? {});
    return parsed.success ? parsed.data : {};
  };
  return { ...read(defaults), ...read(overrides) };
}

/**
 * The criterion a definition scores: the latest version of its rubric that
 * has the key (data reviewed under an older version keeps its key, and
 * agreement pairs judge and humans by key).
 */
export async function criterionFor(db: Db, rubricId: string, criterionKey: string, mode: JudgeModeName): Promise<JudgedCriterion> {
  const criterion = await db.criterion.findFirst({
    where: { key: criterionKey, rubricVersion: { rubricId } },
    orderBy: { rubricVersion: { version: "desc" } },
    select: { id: true, key: true, name: true, description: true, kind: true, config: true },
  });
  if (!criterion) throw new SafeError("NOT_FOUND", `The rubric has no criterion "${criterionKey}" any more.`);
  const fits = mode === "PAIRWISE" ? criterion.kind === "PREFERENCE" : criterion.kind !== "PREFERENCE" && criterion.kind !== "RANKING";
  if (!fits) throw new SafeError("VALIDATION", `A ${mode.toLowerCase()} judge cannot score "${criterion.name}" (${criterion.kind.toLowerCase()}).`);
  return criterion;
}

type OutputRow = { id: string; runId: string; itemId: string; turn: number; content: string };

export async function planJudgeCalls(db: Db, input: { judgeId: string; scope: JudgeRunScope }): Promise<JudgeCallSpec[]> {
  const version = await loadVersion(db, input.judgeId);
  const criterion = await criterionFor(db, version.rubricId, version.criterionKey, version.mode);
  const { scope } = input;
  const runs = await db.run.findMany({ where: { id: { in: scope.runIds }, projectId: version.projectId, datasetVersionId: scope.datasetVersionId }, select: { id: true } });
  const missing = scope.runIds.filter((id) => !runs.some((run) => run.id === id));
  if (missing.length > 0) throw new SafeError("VALIDATION", `Run ${missing[0]} is not a run of this dataset version in the project.`);
  if (version.mode === "PAIRWISE" && scope.runIds.length < 2) throw new SafeError("VALIDATION", "A pairwise judge compares runs: choose at least two.");

  const itemFilter = scope.itemIds ?? null;
  const outputFilter = scope.outputIds ?? null;
  const outputs = await db.$queryRaw<OutputRow[]>`
    SELECT o.id, o."runId", o."itemId", o.turn, o.content
    FROM "Output" o JOIN "DatasetItem" i ON i.id = o."itemId"
    WHERE o."runId" = ANY(${scope.runIds}::text[]) AND i."datasetVersionId" = ${scope.datasetVersionId}
      AND (${itemFilter}::text[] IS NULL OR o."itemId" = ANY(${itemFilter}::text[]))
      AND (${outputFilter}::text[] IS NULL OR o.id = ANY(${outputFilter}::text[]))
    ORDER BY i.position, o.turn, o."runId"`;
  const itemIds = [...new Set(outputs.map((output) => output.itemId))];
  const items = await db.$queryRaw<(PromptItem & { id: string })[]>`
    SELECT id, "inputText", "inputTurns", context, reference FROM "DatasetItem" WHERE id = ANY(${itemIds}::text[])`;
  const itemById = new Map(items.map((item) => [item.id, item]));
  // Earlier answers of each run on each item, for multi-turn conversations.
  const earlier = new Map<string, Map<number, string>>();
  for (const output of outputs) {
    const key = `${output.runId}\u0000${output.itemId}`;
    if (!earlier.has(key)) earlier.set(key, new Map());
    earlier.get(key)!.set(output.turn, output.content);
  }
  const shown = (output: OutputRow): PromptOutput => ({ content: output.content, turn: output.turn, earlier: earlier.get(`${output.runId}\u0000${output.itemId}`)! });

  const examples: Example[] =
    version.fewShotK > 0
      ? await chooseExamples(db, { projectId: version.projectId, rubricId: version.rubricId, criterionKey: version.criterionKey, mode: version.mode, count: version.fewShotK + 1 })
      : [];
  const examplesBlock = new Map<string, string>();
  const blockFor = (itemId: string) => {
    const chosen = examplesFor(examples, itemId, version.fewShotK);
    const cacheKey = chosen.map((example) => example.itemId).join(",");
    if (!examplesBlock.has(cacheKey)) examplesBlock.set(cacheKey, renderExamples(criterion, version.mode, chosen));
    return examplesBlock.get(cacheKey)!;
  };
  const answerSchema = version.structuredOutput ? answerSchemaFor(criterion, version.mode) : undefined;
  const call = (key: string, target: JudgeCallSpec["target"], itemId: string, shownOutputs: OutputRow[]): JudgeCallSpec => ({
    key,
    target,
    messages: renderCall({ template: version.template, mode: version.mode, criterion, item: itemById.get(itemId)!, outputs: shownOutputs.map(shown), examples: blockFor(itemId) }),
    params: version.params,
    ...(answerSchema ? { answerSchema } : {}),
  });

  if (version.mode === "POINTWISE") {
    return outputs.map((output) => call(`${output.id}:${criterion.id}`, { kind: "pointwise", outputId: output.id, criterionId: criterion.id }, output.itemId, [output]));
  }
  const specs: JudgeCallSpec[] = [];
  for (const group of groupBy(outputs, (output) => `${output.itemId}\u0000${output.turn}`)) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        // Canonical A is the smaller output id, as LabelValue's pair keys and PairwiseJudgeScore store it.
        const [a, b] = group[i]!.id < group[j]!.id ? [group[i]!, group[j]!] : [group[j]!, group[i]!];
        for (const order of shownOrders(version, a.id, b.id)) {
          const target = { kind: "pairwise" as const, itemId: a.itemId, criterionId: criterion.id, outputAId: a.id, outputBId: b.id, shownOrder: order };
          specs.push(call(`${a.id}:${b.id}:${criterion.id}:${order}`, target, a.itemId, order === "AB" ? [a, b] : [b, a]));
        }
      }
    }
  }
  return specs;
}

function shownOrders(version: LoadedVersion, a: string, b: string): ShownOrderName[] {
  if (version.bothOrders) return ["AB", "BA"];
  return [seededUnit(version.id, a, b) < 0.5 ? "AB" : "BA"];
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}
