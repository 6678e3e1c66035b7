import type pg from "pg";
import { writeOutcomes, type CallOutcome } from "./store";

// Collects a batch's finished calls and writes them in groups (every
// FLUSH_SIZE outcomes or FLUSH_MS), one write at a time: a round trip per
// group, not per call.

const FLUSH_SIZE = 64;
const FLUSH_MS = 250;

export class OutcomeWriter {
  private buffer: CallOutcome[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;
  written = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly runId: string,
    private readonly judgeId: string,
  ) {}

  add(outcome: CallOutcome) {
    this.buffer.push(outcome);
    if (this.buffer.length >= FLUSH_SIZE) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.buffer;
    this.buffer = [];
    if (!group.length) return;
    this.writing = this.writing.then(async () => {
      if (this.failure) return;
      try {
        const { marked } = await writeOutcomes(this.pool, this.runId, this.judgeId, group);
        this.written += marked;
      } catch (error) {
        // Kept to fail the job: its calls stay pending and run again on retry.
        this.failure = error;
      }
    });
  }

  /** Writes what is left; throws if any write failed. */
  async close() {
    this.flush();
    await this.writing;
    if (this.failure) throw this.failure;
  }
}
