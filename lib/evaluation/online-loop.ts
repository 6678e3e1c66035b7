import { runnerPool } from "@/lib/judge-runner/run-pool";
import { scoreOnlineSamples } from "./online-scoring";

// Runs the online judges' step (online-scoring.ts) every few seconds in each
// worker process (scripts/worker.ts). A timer rather than a pg-boss schedule:
// pg-boss schedules by the minute, and samples should be judged within
// seconds of arriving. Many workers are fine: each rule is taken by one at a
// time (advisory lock), and the calls themselves go through the judge queue.

export type OnlineLoop = { stop(): Promise<void> };

export function startOnlineScoring(options: { databaseUrl: string; intervalMs?: number; log?: (line: string) => void }): OnlineLoop {
  const write = options.log ?? ((line: string) => console.log(line));
  // A rule that cannot be judged (its judge lost its criterion) fails every 2 s: say so once a minute, not 30 times.
  const lastSaid = new Map<string, number>();
  const log = (line: string) => {
    const now = Date.now();
    if (now - (lastSaid.get(line) ?? 0) < 60_000) return;
    lastSaid.set(line, now);
    write(line);
  };
  const pool = runnerPool(options.databaseUrl);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      const result = await scoreOnlineSamples(pool, { log });
      if (result.queued || result.skipped) write(`online judges: queued ${result.queued} sample(s), skipped ${result.skipped} at the cost cap`);
    } catch (error) {
      log(`online judges: ${(error as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), options.intervalMs ?? 2000);
  };
  running = tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
