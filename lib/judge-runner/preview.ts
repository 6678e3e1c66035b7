import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import type { AnswerSchema, ChatMessage, ChatParams } from "@/lib/llm/types";
import { answerSchemaFor } from "./answer";
import { chooseExamples, examplesFor, renderExamples } from "./examples";
import { criterionFor, mergeParams } from "./plan";
import { renderCall } from "./render";
import type { previewSchema } from "./schemas";
import { checkTemplate } from "./template";

// The editor's live preview: a saved version's or an unsaved draft's messages
// on a real item, rendered by the same code as the planner, so what the lead
// reads is exactly what would be sent.

export type Preview = { messages: ChatMessage[]; params: ChatParams; answerSchema: AnswerSchema | null; examples: number };

export async function renderPreview(db: Db, input: z.output<typeof previewSchema>): Promise<Preview> {
  const definition = await db.judgeDefinition.findFirst({ where: { id: input.definitionId, projectId: input.projectId }, select: { mode: true, rubricId: true, criterionKey: true } });
  if (!definition) throw new SafeError("NOT_FOUND", "This judge definition does not exist in the project.");
  const issues = checkTemplate(input.draft.template, definition.mode);
  if (issues.length > 0) throw new SafeError("VALIDATION", issues[0]!.message, issues);
  const wanted = definition.mode === "PAIRWISE" ? 2 : 1;
  if (input.runIds.length !== wanted) throw new SafeError("VALIDATION", definition.mode === "PAIRWISE" ? "Choose two runs to compare." : "Choose one run.", [{ field: "runIds", message: `Choose ${wanted}.` }]);

  const [criterion, connection, item] = await Promise.all([
    criterionFor(db, definition.rubricId, definition.criterionKey, definition.mode),
    db.llmConnection.findFirst({ where: { id: input.draft.connectionId, projectId: input.projectId }, select: { defaultParams: true, structuredOutput: true } }),
    db.datasetItem.findFirst({
      where: { id: input.itemId, datasetVersion: { dataset: { projectId: input.projectId } } },
      select: { id: true, inputText: true, inputTurns: true, context: true, reference: true },
    }),
  ]);
  if (!connection) throw new SafeError("NOT_FOUND", "This model connection does not exist in the project.", [{ field: "connectionId", message: "Choose a connection of this project." }]);
  if (!item) throw new SafeError("NOT_FOUND", "This item does not exist in the project.", [{ field: "itemId", message: "Choose an item." }]);

  const outputs = await db.output.findMany({ where: { itemId: item.id, runId: { in: input.runIds } }, select: { runId: true, turn: true, content: true } });
  // The last turn every chosen run answered: what a last-turn review shows.
  const turns = input.runIds.map((runId) => new Set(outputs.filter((o) => o.runId === runId).map((o) => o.turn)));
  const common = [...(turns[0] ?? [])].filter((turn) => turns.every((set) => set.has(turn)));
  if (common.length === 0) throw new SafeError("VALIDATION", "The chosen run has no output on this item.", [{ field: "runIds", message: "Choose runs that answered this item." }]);
  const turn = Math.max(...common);
  const shown = input.runIds.map((runId) => {
    const own = outputs.filter((o) => o.runId === runId);
    return { content: own.find((o) => o.turn === turn)!.content, turn, earlier: new Map(own.map((o) => [o.turn, o.content])) };
  });

  const k = input.draft.fewShotK;
  const pool = k > 0 ? await chooseExamples(db, { projectId: input.projectId, rubricId: definition.rubricId, criterionKey: definition.criterionKey, mode: definition.mode, count: k + 1 }) : [];
  const examples = examplesFor(pool, item.id, k);
  return {
    messages: renderCall({ template: input.draft.template, mode: definition.mode, criterion, item, outputs: shown, examples: renderExamples(criterion, definition.mode, examples) }),
    params: mergeParams(connection.defaultParams, input.draft.params),
    answerSchema: connection.structuredOutput ? answerSchemaFor(criterion, definition.mode) : null,
    examples: examples.length,
  };
}
