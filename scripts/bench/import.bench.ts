import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { closeImportPools, idSequence, maySkipForeignKeyChecks, withoutForeignKeyChecks } from "../../lib/imports/pg";
import { runImport } from "../../lib/imports/run-import";
import { KIND_LABELS, type ImportKindName } from "../../lib/imports/schemas";
import type { Benchmark } from "./types";

// 100,000 dataset items (prompts ~500 characters, references ~800), then
// 100,000 outputs, 100,000 pointwise judge scores and 100,000 label rows,
// each generated as JSONL into a temporary file first (untimed: generating
// the text costs as much CPU as importing it, and a real upload's bytes arrive
// from a socket or a disk) and streamed from it through the same import path
// uploads use (runImport: parse → map → validate → write, one transaction).
// The items' baseline is a raw COPY of the same rows, pre-encoded
// (same id scheme as the importer's, so the ratio is not flattered), into
// the same table with the same indexes and, like the import, without per-row
// foreign-key checks when the role may skip them; rolled back.

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const WORDS = "the a refund order account password billing invoice plan support team answer customer please reset link email within days policy update".split(" ");

function text(seed: number, length: number) {
  let out = "";
  let i = seed;
  while (out.length < length) {
    i = (i * 1103515245 + 12345) & 0x7fffffff;
    out += WORDS[i % WORDS.length] + " ";
  }
  return out.slice(0, length);
}

function itemLine(i: number) {
  return JSON.stringify({ id: `item-${i}`, prompt: text(i, 500), reference: text(i + 7, 800), tags: [i % 2 ? "billing" : "account"] }) + "\n";
}

function scoreLine(i: number) {
  return JSON.stringify({ externalId: `item-${i}`, run: "bench-run", criterion: "helpfulness", value: 1 + (i % 5), rationale: text(i + 29, 200) }) + "\n";
}

/** Two reviewers' labels on the first half of the items' outputs. */
function labelLine(i: number) {
  return JSON.stringify({ reviewer: `reviewer-${i % 2}@bench.local`, externalId: `item-${Math.floor(i / 2)}`, run: "bench-run", criterion: "helpfulness", value: 1 + ((i * 7) % 5) }) + "\n";
}

function outputLine(i: number) {
  return JSON.stringify({ id: `item-${i}`, output: text(i + 13, 600), latency_ms: 300 + (i % 900), prompt_tokens: 150, completion_tokens: 140 }) + "\n";
}

/** Writes the generated file to `file` in 64 KB chunks (no 130 MB string in memory). */
async function writeGenerated(file: string, line: (i: number) => string) {
  const out = fs.createWriteStream(file);
  let chunk = "";
  for (let i = 0; i < ROWS; i++) {
    chunk += line(i);
    if (chunk.length > 65_536) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      chunk = "";
    }
  }
  await new Promise<void>((resolve, reject) => out.end(chunk, () => resolve()).once("error", reject));
}

/** The file as 64 KB chunks, read from disk as the CLI reads a file. */
async function* fromFile(file: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 65_536 })) yield chunk as Buffer;
}

function trackPeakRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function rawCopy(databaseUrl: string, versionId: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const escape = (s: string) => s.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
    const lines: string[] = [];
    const nextId = idSequence();
    for (let i = 0; i < ROWS; i++) {
      const hash = crypto.createHash("sha256").update(String(i)).digest("hex");
      lines.push([nextId(), versionId, `raw-${i}`, i, escape(text(i, 500)), "\\N", "\\N", escape(text(i + 7, 800)), `{${i % 2 ? "billing" : "account"}}`, "\\N", "{}", hash].join("\t") + "\n");
    }
    const started = performance.now();
    await client.query("BEGIN");
    // The same conditions as the import's COPY: no per-row foreign-key checks when the role may skip them.
    await withoutForeignKeyChecks(client, await maySkipForeignKeyChecks(client), async () => {
      const stream = client.query(copyFrom(`COPY "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", "inputTurns", context, reference, tags, "group", metadata, "contentHash") FROM STDIN`));
      const done = new Promise<void>((resolve, reject) => {
        stream.on("finish", resolve);
        stream.on("error", reject);
      });
      for (let i = 0; i < lines.length; i += 2000) {
        if (!stream.write(lines.slice(i, i + 2000).join(""))) await new Promise((resolve) => stream.once("drain", resolve));
      }
      stream.end();
      await done;
    });
    await client.query("ROLLBACK");
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

const bench: Benchmark = {
  prefixes: ["import.items", "import.outputs", "import.judge_scores", "import.labels"],
  async run({ databaseUrl, report, log }) {
    // runImport reads the app's settings (import slots per project), which need the app's database URL.
    process.env.DATABASE_URL = databaseUrl;
    const setup = new pg.Client({ connectionString: databaseUrl });
    await setup.connect();
    const projectId = crypto.randomUUID();
    await setup.query(`INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ($1, 'bench', 'Bench', now())`, [projectId]);
    await setup.query(`INSERT INTO "Rubric" (id, "projectId", name) VALUES ('bench-rubric', $1, 'Quality')`, [projectId]);
    await setup.query(`INSERT INTO "RubricVersion" (id, "rubricId", version) VALUES ('bench-rubric-v1', 'bench-rubric', 1)`);
    await setup.query(
      `INSERT INTO "Criterion" (id, "rubricVersionId", key, name, kind, config, position) VALUES ('bench-helpfulness', 'bench-rubric-v1', 'helpfulness', 'Helpfulness', 'LIKERT', '{"min":1,"max":5}', 0)`,
    );
    await setup.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") SELECT 'bench-reviewer-' || g, 'reviewer-' || g || '@bench.local', 'Reviewer ' || g, 'x', now() FROM generate_series(0, 1) g`,
    );
    await setup.query(`INSERT INTO "Membership" (id, "projectId", "userId", role) SELECT 'bench-member-' || g, $1, 'bench-reviewer-' || g, 'REVIEWER' FROM generate_series(0, 1) g`, [projectId]);
    await setup.end();

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "touchstone-import-bench-"));
    const itemsFile = path.join(dir, "items.jsonl");
    const outputsFile = path.join(dir, "outputs.jsonl");
    const scoresFile = path.join(dir, "scores.jsonl");
    const labelsFile = path.join(dir, "labels.jsonl");
    try {
      log(`generating ${ROWS.toLocaleString("en")} items, outputs, judge scores and labels…`);
      await writeGenerated(itemsFile, itemLine);
      await writeGenerated(outputsFile, outputLine);
      await writeGenerated(scoresFile, scoreLine);
      await writeGenerated(labelsFile, labelLine);
      /** Milliseconds to import `file` as `kind` through runImport, checking that every row arrived. */
      const timedImport = async (kind: ImportKindName, file: string, options: Record<string, string>) => {
        log(`importing ${ROWS.toLocaleString("en")} ${KIND_LABELS[kind].toLowerCase()}…`);
        const started = performance.now();
        const result = await runImport({ projectId, kind, userId: null, fileName: path.basename(file), options, source: { bytes: fromFile(file), format: "jsonl" }, databaseUrl });
        const ms = performance.now() - started;
        if (result.rows !== ROWS) throw new Error(`expected ${ROWS} rows of ${kind}, imported ${result.rows}`);
        return { ms, summary: result.summary };
      };
      const rowsPerSecond = (ms: number) => Math.round(ROWS / (ms / 1000));

      const stopItems = trackPeakRss();
      const items = await timedImport("ITEMS", itemsFile, { dataset: "bench" });
      report("import.items.rows_per_s", rowsPerSecond(items.ms), "rows/s");
      report("import.items.peak_rss_mb", Math.round(stopItems() / 1024 / 1024), "MB");

      log("raw COPY baseline…");
      const copyMs = await rawCopy(databaseUrl, String(items.summary.datasetVersionId));
      report("import.items.copy_ratio", items.ms / copyMs, "x");
      report("import.items.raw_copy_rows_per_s", rowsPerSecond(copyMs), "rows/s");
      log(`raw COPY: ${(copyMs / 1000).toFixed(1)} s, ${rowsPerSecond(copyMs).toLocaleString("en")} rows/s; import: ${(items.ms / 1000).toFixed(1)} s`);

      const outputs = await timedImport("OUTPUTS", outputsFile, { dataset: "bench", run: "bench-run", model: "bench-model" });
      report("import.outputs.rows_per_s", rowsPerSecond(outputs.ms), "rows/s");

      // No budget in the issue; measured because every judge score also goes through the JudgeScoreByItem trigger.
      const scores = await timedImport("JUDGE_SCORES", scoresFile, { dataset: "bench", judge: "bench-judge", model: "bench-model" });
      report("import.judge_scores.rows_per_s", rowsPerSecond(scores.ms), "rows/s");

      // Every label value also goes through the HumanJudgment triggers.
      const labels = await timedImport("LABELS", labelsFile, { dataset: "bench" });
      report("import.labels.rows_per_s", rowsPerSecond(labels.ms), "rows/s");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await closeImportPools();
    }
  },
};

export default bench;
