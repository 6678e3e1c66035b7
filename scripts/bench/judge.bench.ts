import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { JudgeCallSpec } from "../../lib/judge-runner/contracts";
import { startFakeOpenAI } from "../../lib/llm/test/fake-openai-server";
import { runSqlSteps, withAppDatabase } from "./helpers";
import type { Benchmark } from "./types";

// A judge run at scale through the real path: createJudgeRunFromSpecs queues
// 10,000 pointwise calls; a worker process (scripts/worker.ts, as `npm run
// worker` runs it) calls the local OpenAI-compatible server (200 ms simulated
// latency) at concurrency 64; half-way it is killed with SIGKILL and a new one
// started at once, which finds the dead worker's jobs (same host, pid gone)
// and takes them over at start. Planning and queueing are not timed (they
// happen before the first call); everything after the first request is.
//   judge.run.calls_per_s        calls scored per second, from the first request the server sees to the
//                                last score stored: the kill, the restart and the recovery are included
//   judge.run.efficiency         calls_per_s ÷ (concurrency ÷ latency): 1 = the connection's limit
//   judge.run.steady_efficiency  the same from the server's answer rate between 10 % done and the kill
//   judge.run.overhead_ms        per call, the time a slot is not waiting on the server (queue, limiter,
//                                HTTP client, parsing, batched writes, idle slots), in the steady window:
//                                (concurrency − mean requests in flight at the server) ÷ answer rate
//                                (Little's law; the server parses and answers outside its timer, so that
//                                counts here too; its timer's lateness beyond the latency is logged, not counted)
//   judge.run.recovery_ms        what the kill cost: the run's time beyond CALLS ÷ the steady rate (the new
//                                process's start, the take-over, the calls in flight at the kill sent again)
//   judge.run.worker_cpu_ms      CPU time of the first worker per call in the steady window
//   judge.run.peak_rss_mb        the largest peak RSS of either worker process
//   judge.run.duplicates         scores beyond one per output
//   judge.run.lost               calls without a score at the end

const CALLS = Number(process.env.BENCH_JUDGE_CALLS ?? 10_000);
const LATENCY_MS = 200;
const CONCURRENCY = 64;
// Unset: the production defaults (30 s), since recovery no longer waits for them.
const DEAD_AFTER_MS = process.env.BENCH_JUDGE_DEAD_AFTER_MS;
const IDEAL_RATE = CONCURRENCY / (LATENCY_MS / 1000);
const root = path.resolve(import.meta.dirname, "..", "..");

function setupSql(baseUrl: string): [string, string][] {
  return [
    ["project, rubric, connection, judge", `
      INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ('p1', 'bench', 'Bench', now());
      INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ('u1', 'lead@bench.local', 'Lead', 'x', now());
      INSERT INTO "Rubric" (id, "projectId", name) VALUES ('rb1', 'p1', 'Quality');
      INSERT INTO "RubricVersion" (id, "rubricId", version) VALUES ('rv1', 'rb1', 1);
      INSERT INTO "Criterion" (id, "rubricVersionId", key, name, kind, required, position, config) VALUES
        ('c1', 'rv1', 'helpfulness', 'Helpfulness', 'LIKERT', true, 0, '{"min":1,"max":5,"anchors":["","","","",""]}');
      INSERT INTO "LlmConnection" (id, "projectId", name, "baseUrl", model, "maxConcurrency", "timeoutMs", "inputPricePerMTok", "outputPricePerMTok", "updatedAt")
        VALUES ('lc1', 'p1', 'fake', '${baseUrl}', 'touchstone-demo', ${CONCURRENCY}, 30000, 2, 8, now());
      INSERT INTO "Judge" (id, "projectId", name, model, "connectionId") VALUES ('j1', 'p1', 'judge', 'touchstone-demo', 'lc1');
      INSERT INTO "Dataset" (id, "projectId", name) VALUES ('d1', 'p1', 'golden');
      INSERT INTO "DatasetVersion" (id, "datasetId", version, "itemCount", "contentHash") VALUES ('dv1', 'd1', 1, ${CALLS}, 'h1');`],
    [`${CALLS.toLocaleString("en")} items and outputs`, `
      INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", "contentHash")
      SELECT 'i' || g, 'dv1', 'item-' || g, g, 'How do I reset the password of account ' || g || '?', md5(g::text) FROM generate_series(1, ${CALLS}) g;
      INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model) VALUES ('r1', 'p1', 'dv1', 'run', 'm');
      INSERT INTO "Output" (id, "runId", "itemId", content)
      SELECT 'o' || g, 'r1', 'i' || g, 'Open settings, choose reset password and follow the link we email to account ' || g || '.' FROM generate_series(1, ${CALLS}) g;`],
  ];
}

function specs(): JudgeCallSpec[] {
  const answerSchema = {
    name: "judge_helpfulness",
    schema: { type: "object", properties: { reasoning: { type: "string" }, score: { type: "integer", minimum: 1, maximum: 5 } }, required: ["reasoning", "score"], additionalProperties: false },
  };
  return Array.from({ length: CALLS }, (_, index) => {
    const g = index + 1;
    return {
      key: `o${g}:c1`,
      target: { kind: "pointwise", outputId: `o${g}`, criterionId: "c1" },
      messages: [
        { role: "system", content: "You rate a support bot's answers for helpfulness from 1 to 5. Answer in JSON with reasoning first." },
        { role: "user", content: `Input: How do I reset the password of account ${g}?\nOutput: Open settings, choose reset password and follow the link we email to account ${g}.\nRate the output from 1 to 5.` },
      ],
      // Sampled, so no answer comes from the cache: every call reaches the server.
      params: { temperature: 0.7, maxTokens: 200 },
      answerSchema,
    };
  });
}

/** Peak RSS (VmHWM) of a live process, in MB; 0 when it is gone. */
function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) of a live process, in ms; 0 when it is gone. */
function cpuMs(pid: number): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux); the name may hold spaces.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

type Sample = { at: number; answered: number; inFlight: number };

/** Answer rate and mean requests in flight at the server between two moments, from the samples. */
function window(samples: Sample[], from: number, to: number) {
  const inside = samples.filter((sample) => sample.at >= from && sample.at <= to);
  const first = inside[0]!;
  const last = inside.at(-1)!;
  const rate = (last.answered - first.answered) / ((last.at - first.at) / 1000);
  const inFlight = inside.reduce((sum, sample) => sum + sample.inFlight, 0) / inside.length;
  return { rate, inFlight, answered: last.answered - first.answered };
}

function startWorker(databaseUrl: string, log: (message: string) => void): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "worker.ts")], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      TOUCHSTONE_ENCRYPTION_KEY: "0".repeat(64),
      ...(DEAD_AFTER_MS && {
        TOUCHSTONE_WORKER_HEARTBEAT_MS: String(Math.round(Number(DEAD_AFTER_MS) / 3)),
        TOUCHSTONE_WORKER_DEAD_AFTER_MS: DEAD_AFTER_MS,
      }),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => log(chunk.toString().trim()));
  child.stderr!.on("data", (chunk: Buffer) => log(chunk.toString().trim()));
  return child;
}

const bench: Benchmark = {
  prefixes: ["judge.run"],
  async run({ databaseUrl, report, log }) {
    const server = await startFakeOpenAI({ latencyMs: LATENCY_MS });
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const workers: ChildProcess[] = [];
    try {
      await runSqlSteps(databaseUrl, log, setupSql(server.baseURL));
      const run = await withAppDatabase(databaseUrl, async () => {
        const { createJudgeRunFromSpecs } = await import("../../lib/judge-runner/runs");
        return createJudgeRunFromSpecs({ projectId: "p1", judgeId: "j1", scope: { datasetVersionId: "dv1", runIds: ["r1"], purpose: "dataset" }, specs: specs(), actor: { userId: "u1" } });
      });
      log(`run ${run.id}: ${run.total} calls queued`);
      const done = async () => Number((await pool.query(`SELECT count(*) FROM "JudgeCall" WHERE "runId" = $1 AND done`, [run.id])).rows[0].count);

      let peak = 0;
      let worker = startWorker(databaseUrl, log);
      workers.push(worker);
      // The server's counters, sampled often: rates and requests in flight (Little's law) come from them.
      const samples: Sample[] = [];
      const sampler = setInterval(() => samples.push({ at: performance.now(), answered: server.stats.completed, inFlight: server.stats.inFlight }), 5);
      // The clock starts with the first call the server sees.
      while (server.stats.chatRequests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const started = performance.now();
      let warm: { at: number; cpu: number } | undefined;
      let kill: { at: number; cpu: number; answered: number } | undefined;
      let finished = 0;
      for (let tick = 1; ; tick++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (!warm && server.stats.completed >= CALLS * 0.1) warm = { at: performance.now(), cpu: cpuMs(worker.pid!) };
        if (!kill && server.stats.completed >= CALLS / 2) {
          peak = Math.max(peak, peakRssMb(worker.pid!));
          kill = { at: performance.now(), cpu: cpuMs(worker.pid!), answered: server.stats.completed };
          worker.kill("SIGKILL");
          log(`${kill.answered} calls answered: kill -9 of worker ${worker.pid}, new worker started`);
          worker = startWorker(databaseUrl, log);
          workers.push(worker);
        }
        // Done counts are read less often: each read is a query.
        if (kill && (tick % 5 === 0 || server.stats.completed >= CALLS) && (await done()) >= CALLS) {
          finished = performance.now();
          break;
        }
      }
      clearInterval(sampler);
      const seconds = (finished - started) / 1000;
      peak = Math.max(peak, peakRssMb(worker.pid!));
      const steady = window(samples, warm!.at, kill!.at);
      const serverMs = (steady.inFlight / steady.rate) * 1000;
      log(`steady window: ${steady.answered} answers at ${steady.rate.toFixed(1)}/s, ${steady.inFlight.toFixed(1)} in flight at the server, ` +
        `${serverMs.toFixed(1)} ms per request at the server (${LATENCY_MS} ms simulated)`);
      // After the kill, for the record: the new worker's rate once started (from 2 s after the kill to 90 % answered).
      const tenth = samples.find((sample) => sample.answered >= CALLS * 0.9)?.at ?? finished;
      if (tenth > kill!.at + 2500) {
        const after = window(samples, kill!.at + 2000, tenth);
        log(`after the kill: ${after.rate.toFixed(1)} answers/s, ${after.inFlight.toFixed(1)} in flight at the server`);
      }
      const { rows } = await pool.query<{ scores: string; outputs: string }>(
        `SELECT count(*) AS scores, count(DISTINCT "outputId") AS outputs FROM "JudgeScore" WHERE "judgeId" = 'j1'`,
      );
      const callsPerSecond = CALLS / seconds;
      report("judge.run.calls_per_s", callsPerSecond, "calls/s");
      report("judge.run.efficiency", callsPerSecond / IDEAL_RATE, "ratio");
      report("judge.run.steady_efficiency", steady.rate / IDEAL_RATE, "ratio");
      report("judge.run.overhead_ms", Math.max(0, ((CONCURRENCY - steady.inFlight) / steady.rate) * 1000), "ms");
      report("judge.run.recovery_ms", Math.max(0, (seconds - CALLS / steady.rate) * 1000), "ms");
      report("judge.run.worker_cpu_ms", (kill!.cpu - warm!.cpu) / steady.answered, "ms");
      report("judge.run.peak_rss_mb", peak, "MB");
      report("judge.run.duplicates", Number(rows[0]!.scores) - Number(rows[0]!.outputs), "scores");
      report("judge.run.lost", CALLS - Number(rows[0]!.outputs), "calls");
      log(`${server.stats.chatRequests} requests for ${CALLS} calls (calls in flight at the kill are sent again)`);
    } finally {
      // Gone before the database stops, or a worker still alive reports the lost connections as a crash.
      await Promise.all(
        workers.map((worker) =>
          worker.exitCode !== null || worker.signalCode !== null ? undefined : new Promise((resolve) => worker.once("exit", resolve).kill("SIGKILL")),
        ),
      );
      await pool.end();
      await server.close();
    }
  },
};

export default bench;
