// Node options for the app server (`next start`), shared by `npm start`
// (scripts/start.ts) and the traffic bench, so the bench measures the server
// as it runs.
//
// --max-old-space-size=320: under traffic ingest (1,000-row batches, several
// in flight) the server's live heap is ≈ 80 MB (heap snapshot taken mid-run),
// but V8 lets its old space fill with promoted garbage (each batch's parsed
// body and COPY text survive a scavenge or two while they wait on
// PostgreSQL) up to 260–360 MB before a full GC, which put the process past
// 500 MB resident. A 320 MB cap makes V8 collect sooner: peak RSS 295 MB at
// the same CPU per batch (measured at 200,000 rows), with four times the live
// heap as headroom. See docs/ARCHITECTURE.md (traffic decisions).
const APP_SERVER_V8_FLAGS = ["--max-old-space-size=320"];

/** NODE_OPTIONS for the app server: ours first, so an operator's own NODE_OPTIONS (e.g. a larger --max-old-space-size) wins. */
export function appServerNodeOptions(existing = process.env.NODE_OPTIONS): string {
  return [...APP_SERVER_V8_FLAGS, existing].filter(Boolean).join(" ");
}
