import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyChunks } from "@/lib/auth/request-body";
import { db } from "@/lib/db/client";
import { closeImportPools } from "./pg";
import { runImport, type ImportInput } from "./run-import";
import { createImportFixture, jsonl } from "./test-helpers";

// Slow or stalled uploads must not starve the rest: a project runs at most
// TOUCHSTONE_IMPORTS_PER_PROJECT (2 by default) at once, and a body that stops
// sending is cut off.

let fixture: Awaited<ReturnType<typeof createImportFixture>>;
let other: Awaited<ReturnType<typeof createImportFixture>>;

beforeAll(async () => {
  fixture = await createImportFixture();
  other = await createImportFixture();
});

afterAll(async () => {
  await closeImportPools();
});

const encoder = new TextEncoder();

/** An upload whose first row arrives at once and whose end waits for `finish()`. */
function heldUpload() {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  async function* bytes() {
    yield encoder.encode(jsonl([{ id: "q1", prompt: "First" }]));
    await finished;
    yield encoder.encode(jsonl([{ id: "q2", prompt: "Second" }]));
  }
  return { bytes: bytes(), finish };
}

function upload(project: typeof fixture, dataset: string, bytes: AsyncIterable<Uint8Array>) {
  const input: ImportInput = { projectId: project.project.id, kind: "ITEMS", userId: project.members.ADMIN.id, options: { dataset }, source: { bytes } };
  return runImport(input);
}

const oneShot = (dataset: string) => (async function* () {
  yield encoder.encode(jsonl([{ id: `${dataset}-1`, prompt: "Hello" }]));
})();

describe("concurrent uploads per project", () => {
  it("refuses a third upload while two are in progress (429 + Retry-After), not uploads to other projects, and frees the slots when they end", async () => {
    const first = heldUpload();
    const second = heldUpload();
    const running = [upload(fixture, "slow-1", first.bytes), upload(fixture, "slow-2", second.bytes)];
    await new Promise((r) => setTimeout(r, 300));

    await expect(upload(fixture, "third", oneShot("third"))).rejects.toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 10 });
    await expect(upload(other, "elsewhere", oneShot("elsewhere"))).resolves.toMatchObject({ status: "committed" });

    first.finish();
    second.finish();
    await expect(Promise.all(running)).resolves.toMatchObject([{ status: "committed", rows: 2 }, { status: "committed", rows: 2 }]);
    await expect(upload(fixture, "third", oneShot("third"))).resolves.toMatchObject({ status: "committed" });
  });
});

describe("stalled bodies", () => {
  it("cuts off an upload that stops sending (408), imports nothing and gives its slot back", async () => {
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(jsonl([{ id: "s1", prompt: "Only this arrives" }])));
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(upload(fixture, "stalled", bodyChunks(stalled, 150))).rejects.toMatchObject({ code: "REQUEST_TIMEOUT" });
    expect(cancelled).toBe(true);
    expect(await db.dataset.count({ where: { projectId: fixture.project.id, name: "stalled" } })).toBe(0);
    // Both slots are free again.
    await expect(Promise.all([upload(fixture, "after-1", oneShot("after-1")), upload(fixture, "after-2", oneShot("after-2"))])).resolves.toHaveLength(2);
  });
});
