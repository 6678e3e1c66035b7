import { parseChatTurns } from "@/components/output/chat-turn";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SqlClient } from "@/lib/db/raw-sql";
import { rubricCriteria, rubricInstructions, setupConfig, type SetupConfig } from "./cache";
import { buildConversation, type Conversation } from "./conversation";
import { answersFromValues, taskFields, type Answers, type Field, type LabelValueRow, type ReviewModeName } from "./fields";
import { answersToHandles, draftToHandles, outputHandles } from "./handles";
import type { RationaleRule } from "./rationale-rule";
import type { Draft } from "./schemas";

// What the review screen shows for an assignment, read in one statement
// (assignment, item and the task's outputs with their runs as JSON) plus the
// cached setup and criteria. Blind review leaves out run names and judge
// scores entirely (they never reach the browser), and the reference is only
// sent when the setup shows it. A multi-turn item's conversation comes
// built up to the judged turn (./conversation.ts), with each output's run's
// own earlier answers where the item holds no reply. Outputs are named by
// their shown letter, never their database id (./handles.ts): the output
// `id`, field ids and outputIds, the draft and a reopened label's answers
// all use letters.

type Client = SqlClient;

export type TaskView = {
  assignmentId: string;
  taskId: string;
  status: string;
  leaseExpiresAt: string;
  setup: {
    id: string;
    name: string;
    mode: ReviewModeName;
    blind: boolean;
    showReference: boolean;
    /** The rubric's guidelines for reviewers (markdown); each criterion's own are its description. */
    instructions: string;
    rationaleRule: RationaleRule;
  };
  item: { externalId: string; context: unknown; reference: string | null };
  /** The assistant turn under review (0-based `Output.turn`). */
  turn: number;
  /** What the reviewer reads before the answers: the item's chat up to the judged turn, in order. */
  conversation: Conversation;
  outputs: {
    /** The output's handle on this screen: its shown letter, not its database id. */
    id: string;
    letter: string;
    content: string;
    trace: unknown;
    run: { name: string; model: string; latencyMs: number | null } | null;
    judgeScores: { judge: string; criterion: string; value: number | null; category: string | null; error: string | null }[];
  }[];
  fields: { id: string; outputId: string | null; criterion: Field["criterion"] & { config: Record<string, unknown> } }[];
  draft: Draft | null;
  flags: string[];
  activeMs: number;
  label: { id: string; answers: Answers; rationale: string; flags: string[]; flagNote: string } | null;
};

type OutputJson = {
  id: string;
  content: string;
  trace: unknown;
  latencyMs: number | null;
  runName: string;
  runModel: string;
  /** The same run's answers to this item's earlier turns. */
  earlier: { turn: number; content: string }[] | null;
};

export type ViewRow = {
  id: string;
  task_id: string;
  status: string;
  lease_expires_at: Date;
  shown_order: number[] | null;
  draft: unknown;
  flags: string[] | null;
  active_ms: number;
  setup_id: string;
  turn: number;
  external_id: string;
  input_text: string | null;
  input_turns: unknown;
  context: unknown;
  reference: string | null;
  outputs: OutputJson[] | string | null;
};

/** Output ids as this reviewer sees them, from the canonical order and the assignment's recorded permutation. */
export function shownOutputIds(outputIds: string[], shownOrder: number[] | null) {
  const order = shownOrder && shownOrder.length === outputIds.length ? shownOrder : outputIds.map((_, i) => i);
  return order.map((position) => outputIds[position]!);
}

/** The form fields of an assignment: its setup's criteria, pointwise ones once per output in shown order. */
export async function assignmentFields(client: Client, setup: SetupConfig, shown: string[]) {
  return taskFields(setup.mode, await rubricCriteria(setup.rubricVersionId, client), shown, setup.criterionKeys);
}

/**
 * The view columns for the assignment rows `a` of a source (the Assignment
 * table or an INSERT … RETURNING), with the item and the task's outputs.
 */
export function viewSelect(source: Prisma.Sql, projectId: string) {
  return Prisma.sql`
    SELECT a.id, a.task_id, a.status, a.lease_expires_at, a.shown_order, a.draft, a.flags, a.active_ms, t."setupId" AS setup_id, t.turn,
           i."externalId" AS external_id, i."inputText" AS input_text, i."inputTurns" AS input_turns, i.context, i.reference,
           (SELECT json_agg(json_build_object('id', o.id, 'content', o.content, 'trace', o.trace, 'latencyMs', o."latencyMs",
                                              'runName', r.name, 'runModel', r.model,
                                              'earlier', (SELECT json_agg(json_build_object('turn', e.turn, 'content', e.content) ORDER BY e.turn)
                                                            FROM "Output" e WHERE e."runId" = o."runId" AND e."itemId" = o."itemId" AND e.turn < o.turn)) ORDER BY x.position)
              FROM "ReviewTaskOutput" x JOIN "Output" o ON o.id = x."outputId" JOIN "Run" r ON r.id = o."runId"
             WHERE x."taskId" = t.id) AS outputs
    FROM ${source} JOIN "ReviewTask" t ON t.id = a.task_id JOIN "DatasetItem" i ON i.id = t."itemId"
    WHERE t."projectId" = ${projectId}`;
}

/** The Assignment columns viewSelect reads, named as it expects. */
export const viewReturning = Prisma.sql`id, "taskId" AS task_id, status::text AS status, "leaseExpiresAt" AS lease_expires_at, "shownOrder" AS shown_order, draft, flags, "activeMs" AS active_ms`;

/**
 * Views of several of the reviewer's assignments in this project, in the
 * order asked; ids that are not theirs are left out.
 */
export async function loadTaskViews(client: Client, projectId: string, reviewerId: string, assignmentIds: string[], options: { labelId?: string } = {}): Promise<TaskView[]> {
  if (assignmentIds.length === 0) return [];
  const rows = await client.$queryRaw<ViewRow[]>(
    viewSelect(Prisma.sql`(SELECT ${viewReturning} FROM "Assignment" WHERE id = ANY(${assignmentIds}::text[]) AND "reviewerId" = ${reviewerId}) a`, projectId),
  );
  const views: TaskView[] = [];
  for (const id of assignmentIds) {
    const row = rows.find((candidate) => candidate.id === id);
    if (row) views.push(await toView(client, projectId, reviewerId, row, options));
  }
  return views;
}

export async function toView(client: Client, projectId: string, reviewerId: string, row: ViewRow, options: { labelId?: string }): Promise<TaskView> {
  const setup = (await setupConfig(projectId, row.setup_id, client))!;
  const outputs: OutputJson[] = typeof row.outputs === "string" ? JSON.parse(row.outputs) : (row.outputs ?? []);
  const shown = shownOutputIds(outputs.map((output) => output.id), row.shown_order);
  const fields = await assignmentFields(client, setup, shown);
  const handles = outputHandles(shown);
  const letter = (id: string) => handles.letterOf.get(id)!;
  const judgeScores = setup.blindReview
    ? []
    : await client.$queryRaw<{ output_id: string; value: number | null; category: string | null; error: string | null; judge: string; criterion: string }[]>`
        SELECT js."outputId" AS output_id, js.value, js.category, js.error, j.name || ' ' || j."promptVersion" AS judge, c.name AS criterion
        FROM "JudgeScore" js JOIN "Judge" j ON j.id = js."judgeId" JOIN "Criterion" c ON c.id = js."criterionId"
        WHERE js."outputId" = ANY(${shown}::text[])`;
  let label: TaskView["label"] = null;
  if (options.labelId) {
    const [stored] = await client.$queryRaw<{ id: string; rationale: string; flags: string[] | null; flag_note: string; values: LabelValueRow[] | string | null }[]>`
      SELECT l.id, l.rationale, l.flags, l."flagNote" AS flag_note,
             (SELECT json_agg(json_build_object('criterionId', v."criterionId", 'targetKey', v."targetKey", 'outputId', v."outputId",
                                                'otherOutputId', v."otherOutputId", 'value', v.value, 'category', v.category))
                FROM "LabelValue" v WHERE v."labelId" = l.id) AS values
      FROM "Label" l WHERE l.id = ${options.labelId} AND l."reviewerId" = ${reviewerId} AND l."assignmentId" = ${row.id}`;
    if (stored) {
      const values: LabelValueRow[] = typeof stored.values === "string" ? JSON.parse(stored.values) : (stored.values ?? []);
      label = { id: stored.id, answers: answersToHandles(answersFromValues(fields, values), handles), rationale: stored.rationale, flags: stored.flags ?? [], flagNote: stored.flag_note };
    }
  }
  const byId = new Map(outputs.map((output) => [output.id, output]));
  return {
    assignmentId: row.id,
    taskId: row.task_id,
    status: row.status,
    leaseExpiresAt: new Date(row.lease_expires_at).toISOString(),
    setup: {
      id: setup.id,
      name: setup.name,
      mode: setup.mode,
      blind: setup.blindReview,
      showReference: setup.showReference,
      instructions: await rubricInstructions(setup.rubricVersionId, client),
      rationaleRule: setup.rationaleRule,
    },
    item: {
      externalId: row.external_id,
      context: row.context,
      reference: setup.showReference ? row.reference : null,
    },
    turn: row.turn,
    conversation: buildConversation({
      chat: parseChatTurns(row.input_turns),
      inputText: row.input_text,
      turn: row.turn,
      earlier: shown.map((id) => new Map((byId.get(id)!.earlier ?? []).map((answer) => [answer.turn, answer.content]))),
    }),
    outputs: shown.map((id) => {
      const output = byId.get(id)!;
      return {
        id: letter(id),
        letter: letter(id),
        content: output.content,
        trace: output.trace,
        run: setup.blindReview ? null : { name: output.runName, model: output.runModel, latencyMs: output.latencyMs },
        judgeScores: judgeScores
          .filter((score) => score.output_id === id)
          .map((score) => ({ judge: score.judge, criterion: score.criterion, value: score.value, category: score.category, error: score.error })),
      };
    }),
    fields: fields.map((field) => ({
      id: field.outputId ? `${field.criterion.id}@${letter(field.outputId)}` : field.id,
      outputId: field.outputId ? letter(field.outputId) : null,
      criterion: { ...field.criterion, config: field.criterion.config as Record<string, unknown> } })),
    draft: draftToHandles((row.draft as Draft | null) ?? null, handles),
    flags: row.flags ?? [],
    activeMs: row.active_ms,
    label,
  };
}
