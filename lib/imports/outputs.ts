import { fastOutputRow } from "./fast-rows";
import type { ImportSetup, KindImporter } from "./importer";
import { CopyWriter, encode, escapeText, idSequence, newId } from "./pg";
import { findVersion, loadItems } from "./lookups";
import { outputRowSchema, type OutputRow, type OutputsOptions } from "./schemas";

// Run outputs, keyed by item externalId and turn. For a new run rows are
// COPYed straight into "Output"; for an existing run into a temporary table,
// then merged in one statement: re-sending a file changes nothing, a
// corrected file updates the outputs it names.

const COLUMNS = ["id", "itemId", "turn", "content", "turns", "trace", "latencyMs", "promptTokens", "completionTokens", "costUsd"];

export async function outputsImporter({ client, projectId, skipForeignKeyChecks }: ImportSetup, options: OutputsOptions): Promise<KindImporter<OutputRow>> {
  const version = await findVersion(client, projectId, options.dataset, options.version);
  const items = await loadItems(client, version.id);
  const { rows: runs } = await client.query<{ id: string; created: boolean }>(
    `INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model, "modelFamily", "promptVersion", config)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT ("datasetVersionId", name) DO UPDATE SET model = EXCLUDED.model,
       "modelFamily" = CASE WHEN $9::boolean THEN EXCLUDED."modelFamily" ELSE "Run"."modelFamily" END,
       "promptVersion" = CASE WHEN $10::boolean THEN EXCLUDED."promptVersion" ELSE "Run"."promptVersion" END,
       config = CASE WHEN $11::boolean THEN EXCLUDED.config ELSE "Run".config END
     RETURNING id, (xmax = 0) AS created`,
    [
      newId(),
      projectId,
      version.id,
      options.run,
      options.model,
      options.modelFamily ?? "",
      options.promptVersion ?? "",
      JSON.stringify(options.config ?? {}),
      options.modelFamily !== undefined,
      options.promptVersion !== undefined,
      options.config !== undefined,
    ],
  );
  const run = runs[0]!;
  // A new run cannot conflict with anything: COPY straight into "Output".
  // An existing run's outputs are merged through a temporary table instead.
  const direct = run.created;
  if (!direct) {
    await client.query(
      `CREATE TEMP TABLE import_output (id text, "itemId" text, turn int, content text, turns jsonb, trace jsonb, "latencyMs" int, "promptTokens" int, "completionTokens" int, "costUsd" double precision) ON COMMIT DROP`,
    );
  }
  const seen = new Map<string, number>();
  // Straight into "Output" without per-row foreign-key checks: the run was
  // inserted above in this transaction, and the items were read under
  // findVersion's lock on their version, which deleting them must wait for.
  const copy = direct
    ? new CopyWriter(client, "Output", ["id", "runId", ...COLUMNS.slice(1)], { skipForeignKeyChecks })
    : new CopyWriter(client, "import_output", COLUMNS);
  const nextId = idSequence();
  const runField = direct ? `${escapeText(run.id)}\t` : "";
  let buffered = 0;
  let discarded = false;

  return {
    schema: outputRowSchema,
    fastParse: fastOutputRow,
    batchRows: 500,
    accept(row, rowNumber, report) {
      const item = items.get(row.externalId);
      if (!item) {
        report("externalId", `Unknown item "${row.externalId}": dataset "${options.dataset}" v${version.version} has no such externalId.`);
        return;
      }
      if (row.turn >= item.userTurns) {
        report("turn", `turn ${row.turn} is out of range: item "${row.externalId}" has ${item.userTurns} user turn${item.userTurns === 1 ? "" : "s"} (turns count from 0).`);
        return;
      }
      const key = `${row.externalId}\u0000${row.turn}`;
      const first = seen.get(key);
      if (first !== undefined) {
        report("externalId", `Duplicate output for item "${row.externalId}" turn ${row.turn} (first on row ${first}).`);
        return;
      }
      seen.set(key, rowNumber);
      if (discarded) return;
      // Encoded now, as one line in the COPY's column order.
      copy.push(
        `${nextId()}\t${runField}${escapeText(item.id)}\t${row.turn}\t${escapeText(row.content)}\t${row.turns ? encode({ json: row.turns }) : "\\N"}\t${
          row.trace ? encode({ json: row.trace }) : "\\N"
        }\t${encode(row.latencyMs)}\t${encode(row.promptTokens)}\t${encode(row.completionTokens)}\t${encode(row.costUsd)}\n`,
      );
      buffered++;
    },
    buffered: () => buffered,
    async flush() {
      buffered = 0;
      await copy.send();
    },
    discard() {
      discarded = true;
      buffered = 0;
    },
    close: () => copy.abort(),
    async finish() {
      await copy.end();
      const summary = { dataset: options.dataset, datasetVersionId: version.id, version: version.version, run: options.run, runId: run.id, runCreated: run.created, outputs: seen.size };
      if (direct) return { summary: { ...summary, inserted: seen.size, updated: 0 } };
      const { rows: merged } = await client.query<{ inserted: number; total: number }>(
        `WITH merged AS (INSERT INTO "Output" (id, "runId", "itemId", turn, content, turns, trace, "latencyMs", "promptTokens", "completionTokens", "costUsd")
         SELECT id, $1, "itemId", turn, content, turns, trace, "latencyMs", "promptTokens", "completionTokens", "costUsd" FROM import_output
         ON CONFLICT ("runId", "itemId", turn) DO UPDATE SET content = EXCLUDED.content, turns = EXCLUDED.turns, trace = EXCLUDED.trace,
           "latencyMs" = EXCLUDED."latencyMs", "promptTokens" = EXCLUDED."promptTokens", "completionTokens" = EXCLUDED."completionTokens", "costUsd" = EXCLUDED."costUsd"
         RETURNING (xmax = 0) AS inserted)
         SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*)::int AS total FROM merged`,
        [run.id],
      );
      const { inserted, total } = merged[0]!;
      return { summary: { ...summary, inserted, updated: total - inserted } };
    },
  };
}
