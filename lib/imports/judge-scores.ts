import { checkPointwise } from "./criterion-values";
import { duplicateScore, duplicateVerdict } from "./duplicate-rows";
import type { ImportSetup, KindImporter } from "./importer";
import { findVersion, loadCriteria, loadOutputs, outputKey } from "./lookups";
import { idSequence, newId, withoutForeignKeyChecks } from "./pg";
import {
  pairwiseScoreRowSchema,
  pointwiseScoreRowSchema,
  type JudgeScoresOptions,
  type PairwiseScoreRow,
  type PointwiseScoreRow,
} from "./schemas";
import { shownTurn, storedTurn } from "./turns";

// Judge scores. A judge is identified by name + prompt version (a new prompt
// version is a new judge, kept side by side); it has no fixed kind, so one
// judge may carry pointwise scores and pairwise verdicts from separate uploads.
// Pointwise scores hit (judge, output, criterion); pairwise verdicts hit
// (judge, criterion, A, B, shown order) — both unique, so a re-sent file
// updates instead of duplicating. A failed pointwise call (an error reason,
// no score) is stored like a score: it is the judge's data, not the file's
// mistake, and is counted as the judge's error share (lib/judges/queries.ts).

type Row = PointwiseScoreRow | PairwiseScoreRow;

// One batch of rows as column arrays ($2…), for judge $1; a re-sent score replaces the stored one.
const INSERT_PAIRWISE = `INSERT INTO "PairwiseJudgeScore" (id, "judgeId", "criterionId", "itemId", "outputAId", "outputBId", "shownOrder", verdict, rationale, "rawText")
  SELECT u.id, $1, u.c, u.i, u.a, u.b, u.o::"ShownOrder", u.v::"PairVerdict", u.r, u.raw
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) AS u(id, c, i, a, b, o, v, r, raw)
  ON CONFLICT ("judgeId", "criterionId", "outputAId", "outputBId", "shownOrder") DO UPDATE SET verdict = EXCLUDED.verdict, rationale = EXCLUDED.rationale, "rawText" = EXCLUDED."rawText"`;
const INSERT_POINTWISE = `INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value, category, error, rationale, "rawText")
  SELECT u.id, $1, u.o, u.c, u.v, u.cat, u.e, u.r, u.raw
  FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(id, o, c, v, cat, e, r, raw)
  ON CONFLICT ("judgeId", "outputId", "criterionId") DO UPDATE SET value = EXCLUDED.value, category = EXCLUDED.category, error = EXCLUDED.error, rationale = EXCLUDED.rationale, "rawText" = EXCLUDED."rawText"`;

export async function judgeScoresImporter({ client, projectId, skipForeignKeyChecks }: ImportSetup, options: JudgeScoresOptions): Promise<KindImporter<Row>> {
  const version = await findVersion(client, projectId, options.dataset, options.version);
  const { criteria } = await loadCriteria(client, projectId, options.rubric);
  const { outputs, runs } = await loadOutputs(client, version.id);
  const { rows: judges } = await client.query<{ id: string; created: boolean }>(
    `INSERT INTO "Judge" (id, "projectId", name, model, "modelFamily", "promptVersion") VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT ("projectId", name, "promptVersion") DO UPDATE SET model = EXCLUDED.model,
       "modelFamily" = CASE WHEN $7::boolean THEN EXCLUDED."modelFamily" ELSE "Judge"."modelFamily" END
     RETURNING id, (xmax = 0) AS created`,
    [newId(), projectId, options.judge, options.model, options.modelFamily ?? "", options.promptVersion, options.modelFamily !== undefined],
  );
  const judge = judges[0]!;
  const pairwise = options.judgeKind === "PAIRWISE";
  // Scores may be written without per-row foreign-key checks: the judge was
  // inserted or updated above (row-locked until commit), and the criteria,
  // runs and version the outputs and items belong to were read FOR KEY SHARE,
  // so none of them can go before this upload commits.
  const nextId = idSequence();
  const seen = new Map<string, number>();
  let buffer: unknown[][] = [];
  let discarded = false;
  let written = 0;
  let failed = 0;

  const findOutput = (run: string, externalId: string, turn: number, field: string, report: (f: string, m: string) => void) => {
    if (!runs.has(run)) {
      report(field, `Unknown run "${run}" on dataset "${options.dataset}" v${version.version}.`);
      return undefined;
    }
    const output = outputs.get(outputKey(run, externalId, turn));
    if (!output) report("externalId", `Run "${run}" has no output for item "${externalId}" turn ${shownTurn(turn, options.turnBase)} (unknown item, or outputs not imported yet).`);
    return output;
  };

  return {
    schema: (pairwise ? pairwiseScoreRowSchema : pointwiseScoreRowSchema) as unknown as KindImporter<Row>["schema"],
    accept(row, rowNumber, report) {
      const criterion = criteria.get(row.criterion);
      if (!criterion) {
        report("criterion", `Unknown criterion "${row.criterion}" (the rubric has ${[...criteria.keys()].join(", ")}).`);
        return;
      }
      const turn = storedTurn(row.turn, options.turnBase, report);
      if (turn === undefined) return;
      if ("runA" in row) {
        if (criterion.kind !== "PREFERENCE") return report("criterion", `${row.criterion} is not a preference criterion; pairwise verdicts need one.`);
        if (row.runA === row.runB) return report("runB", "runA and runB must be different runs.");
        const a = findOutput(row.runA, row.externalId, turn, "runA", report);
        const b = findOutput(row.runB, row.externalId, turn, "runB", report);
        if (!a || !b) return;
        const key = `${criterion.id}:${a.id}:${b.id}:${row.shownOrder}`;
        const first = seen.get(key);
        if (first !== undefined) return report("shownOrder", duplicateVerdict({ ...row, turn }).message(first));
        seen.set(key, rowNumber);
        if (row.verdict === "ERROR") failed++;
        if (!discarded) buffer.push([nextId(), criterion.id, a.itemId, a.id, b.id, row.shownOrder, row.verdict, row.rationale ?? "", row.rawText ?? null]);
        return;
      }
      // A failed call has no score to check against the criterion; its criterion and output must still exist.
      const checked = "error" in row ? { value: null, category: null } : checkPointwise(criterion, row.value, row.category);
      if ("error" in checked) return report(checked.field, checked.error);
      const output = findOutput(row.run, row.externalId, turn, "run", report);
      if (!output) return;
      const key = `${criterion.id}:${output.id}`;
      const first = seen.get(key);
      if (first !== undefined) return report("criterion", duplicateScore({ ...row, turn }).message(first));
      seen.set(key, rowNumber);
      const error = "error" in row ? row.error : null;
      if (error !== null) failed++;
      if (!discarded) buffer.push([nextId(), output.id, criterion.id, checked.value, checked.category, error, row.rationale ?? "", row.rawText ?? null]);
    },
    buffered: () => buffer.length,
    async flush() {
      const rows = buffer;
      buffer = [];
      if (!rows.length) return;
      const columns = rows[0]!.map((_, i) => rows.map((r) => r[i]));
      await withoutForeignKeyChecks(client, skipForeignKeyChecks, () => client.query(pairwise ? INSERT_PAIRWISE : INSERT_POINTWISE, [judge.id, ...columns]));
      written += rows.length;
    },
    discard() {
      discarded = true;
      buffer = [];
    },
    async finish() {
      return {
        summary: {
          dataset: options.dataset,
          datasetVersionId: version.id,
          judge: options.judge,
          judgeId: judge.id,
          promptVersion: options.promptVersion,
          judgeCreated: judge.created,
          judgeKind: options.judgeKind,
          scores: written,
          // Failed judge calls among them (pointwise error rows, pairwise ERROR verdicts).
          failed,
        },
      };
    },
  };
}
