import type pg from "pg";
import { duplicateOutput } from "./duplicate-rows";
import { fastOutputRow } from "./fast-rows";
import type { ImportSetup, KindImporter } from "./importer";
import { CopyWriter, copyBuffer, encode, escapeText, idSequence, newId } from "./pg";
import { findVersion, loadItems, type Version } from "./lookups";
import { outputRowSchema, type OutputRow, type OutputsOptions } from "./schemas";
import { shownTurn, storedTurn, TURN_CONVENTION } from "./turns";

// Run outputs, keyed by item externalId and turn. With the `run` option every
// row belongs to that run: for a new run rows are COPYed straight into
// "Output"; for an existing run into a temporary table, then merged in one
// statement. Without it each row names its run (a run column), so one file
// may carry several runs: rows go through the temporary table with their run
// name, and the runs are created or matched by name when the file is
// complete. Re-sending a file changes nothing; a corrected file updates the
// outputs it names.

const COLUMNS = ["id", "itemId", "turn", "content", "turns", "trace", "latencyMs", "promptTokens", "completionTokens", "costUsd"];
const TEMP_COLUMNS = `id text, "itemId" text, turn int, content text, turns jsonb, trace jsonb, "latencyMs" int, "promptTokens" int, "completionTokens" int, "costUsd" double precision`;
const MERGE_SET = `content = EXCLUDED.content, turns = EXCLUDED.turns, trace = EXCLUDED.trace,
  "latencyMs" = EXCLUDED."latencyMs", "promptTokens" = EXCLUDED."promptTokens", "completionTokens" = EXCLUDED."completionTokens", "costUsd" = EXCLUDED."costUsd"`;

/** Creates the named runs on the version, or updates the ones that exist (model, family, prompt version, config only when given). */
async function upsertRuns(client: pg.PoolClient, projectId: string, version: Version, names: string[], options: OutputsOptions) {
  const { rows } = await client.query<{ id: string; name: string; created: boolean }>(
    `INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model, "modelFamily", "promptVersion", config)
     SELECT u.id, $1, $2, u.name, coalesce($3, u.name), $4, $5, $6 FROM unnest($7::text[], $8::text[]) AS u(id, name)
     ON CONFLICT ("datasetVersionId", name) DO UPDATE SET
       model = CASE WHEN $3::text IS NOT NULL THEN EXCLUDED.model ELSE "Run".model END,
       "modelFamily" = CASE WHEN $9::boolean THEN EXCLUDED."modelFamily" ELSE "Run"."modelFamily" END,
       "promptVersion" = CASE WHEN $10::boolean THEN EXCLUDED."promptVersion" ELSE "Run"."promptVersion" END,
       config = CASE WHEN $11::boolean THEN EXCLUDED.config ELSE "Run".config END
     RETURNING id, name, (xmax = 0) AS created`,
    [
      projectId,
      version.id,
      options.model ?? null,
      options.modelFamily ?? "",
      options.promptVersion ?? "",
      JSON.stringify(options.config ?? {}),
      names.map(() => newId()),
      names,
      options.modelFamily !== undefined,
      options.promptVersion !== undefined,
      options.config !== undefined,
    ],
  );
  return rows;
}

export async function outputsImporter({ client, projectId, skipForeignKeyChecks }: ImportSetup, options: OutputsOptions): Promise<KindImporter<OutputRow>> {
  const version = await findVersion(client, projectId, options.dataset, options.version);
  const items = await loadItems(client, version.id);
  // One named run: created (or matched) now. Several: once every row is checked.
  const single = options.run === undefined ? undefined : (await upsertRuns(client, projectId, version, [options.run], options))[0]!;
  // A new run cannot conflict with anything: COPY straight into "Output".
  // An existing run's outputs, and every multi-run upload, go through a temporary table.
  const direct = single?.created === true;
  if (!direct) await client.query(`CREATE TEMP TABLE import_output (run text, ${TEMP_COLUMNS}) ON COMMIT DROP`);
  const seen = new Map<string, number>();
  const runNames = new Set<string>();
  // Straight into "Output" without per-row foreign-key checks: the run was
  // inserted above in this transaction, and the items were read under
  // findVersion's lock on their version, which deleting them must wait for.
  const copy = direct
    ? new CopyWriter(client, "Output", ["runId", ...COLUMNS], { skipForeignKeyChecks })
    : new CopyWriter(client, "import_output", ["run", ...COLUMNS]);
  const nextId = idSequence();
  const copyRows = copyBuffer(copy);

  return {
    schema: outputRowSchema,
    fastParse: fastOutputRow,
    batchRows: 500,
    accept(row, rowNumber, report) {
      // The run option names the run of every row; without it, each row names its own.
      const run = options.run ?? (row.run?.trim() || undefined);
      if (run === undefined) {
        report("run", "Required: the run — set the run option for a file of one run, or map a run column naming each row's run.");
        return;
      }
      const item = items.get(row.externalId);
      if (!item) {
        report("externalId", `Unknown item "${row.externalId}": dataset "${options.dataset}" v${version.version} has no such externalId.`);
        return;
      }
      const turn = storedTurn(row.turn, options.turnBase, report);
      if (turn === undefined) return;
      if (turn >= item.userTurns) {
        const last = shownTurn(item.userTurns - 1, options.turnBase);
        report("turn", `turn ${shownTurn(turn, options.turnBase)} is out of range: item "${row.externalId}" has ${item.userTurns} user turn${item.userTurns === 1 ? "" : "s"}, so its last turn is ${last} (${TURN_CONVENTION}).`);
        return;
      }
      const key = `${run}\u0000${row.externalId}\u0000${turn}`;
      const first = seen.get(key);
      if (first !== undefined) {
        const duplicate = duplicateOutput({ run, externalId: row.externalId, turn: shownTurn(turn, options.turnBase), runNamedByRow: options.run === undefined });
        report(duplicate.field, duplicate.message(first));
        return;
      }
      seen.set(key, rowNumber);
      runNames.add(run);
      if (copyRows.discarded()) return;
      // Encoded now, as one line in the COPY's column order: the run's id, or its name for the temporary table, first.
      copyRows.push(
        `${escapeText(direct ? single.id : run)}\t${nextId()}\t${escapeText(item.id)}\t${turn}\t${escapeText(row.content)}\t${row.turns ? encode({ json: row.turns }) : "\\N"}\t${
          row.trace ? encode({ json: row.trace }) : "\\N"
        }\t${encode(row.latencyMs)}\t${encode(row.promptTokens)}\t${encode(row.completionTokens)}\t${encode(row.costUsd)}\n`,
      );
    },
    ...copyRows.writes,
    async finish() {
      await copy.end();
      const base = { dataset: options.dataset, datasetVersionId: version.id, version: version.version, outputs: seen.size };
      if (single) {
        const summary = { ...base, run: options.run!, runs: 1, runId: single.id, runCreated: single.created };
        if (direct) return { summary: { ...summary, inserted: seen.size, updated: 0 } };
        return { summary: { ...summary, ...(await mergeOutputs(client, `SELECT $1::text AS "runId", t.* FROM import_output t`, [single.id])) } };
      }
      const names = [...runNames].sort();
      const runs = await upsertRuns(client, projectId, version, names, options);
      const merged = await mergeOutputs(client, `SELECT r.id AS "runId", t.* FROM import_output t JOIN "Run" r ON r."datasetVersionId" = $1 AND r.name = t.run`, [version.id]);
      return { summary: { ...base, run: names.join(", "), runs: names.length, runsCreated: runs.filter((r) => r.created).length, ...merged } };
    },
  };
}

/** Moves the temporary table's outputs (with their run ids, from `source`) into "Output"; counts new and updated ones. */
async function mergeOutputs(client: pg.PoolClient, source: string, params: unknown[]) {
  const { rows } = await client.query<{ inserted: number; total: number }>(
    `WITH merged AS (INSERT INTO "Output" (id, "runId", "itemId", turn, content, turns, trace, "latencyMs", "promptTokens", "completionTokens", "costUsd")
     SELECT s.id, s."runId", s."itemId", s.turn, s.content, s.turns, s.trace, s."latencyMs", s."promptTokens", s."completionTokens", s."costUsd" FROM (${source}) s
     ON CONFLICT ("runId", "itemId", turn) DO UPDATE SET ${MERGE_SET}
     RETURNING (xmax = 0) AS inserted)
     SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*)::int AS total FROM merged`,
    params,
  );
  const { inserted, total } = rows[0]!;
  return { inserted, updated: total - inserted };
}
