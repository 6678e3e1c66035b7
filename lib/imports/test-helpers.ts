import { expect } from "vitest";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { createProjectWithMembers } from "@/lib/db/test/factories";

// Shared by the import database tests: a project with a rubric like the
// demo's, and a fingerprint of every table an import can write to.

export async function createImportFixture() {
  const fixture = await createProjectWithMembers(["ADMIN", "LEAD", "REVIEWER"]);
  const rubric = await db.rubric.create({ data: { projectId: fixture.project.id, name: "Quality" } });
  const version = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const specs = [
    { key: "helpfulness", kind: "LIKERT" as const, config: { min: 1, max: 5, anchors: ["", "", "", "", ""] } },
    { key: "correctness", kind: "FACTUALITY" as const, config: {} },
    { key: "safe", kind: "BINARY" as const, config: {} },
    { key: "tone", kind: "CATEGORICAL" as const, config: { options: ["professional", "too casual", "curt"] } },
    { key: "preference", kind: "PREFERENCE" as const, config: {} },
    { key: "ranking", kind: "RANKING" as const, config: {} },
  ];
  for (const [position, spec] of specs.entries()) {
    await db.criterion.create({ data: { rubricVersionId: version.id, position, name: spec.key, ...spec } });
  }
  return { ...fixture, rubricVersionId: version.id };
}

const TABLES = ["Dataset", "DatasetVersion", "DatasetItem", "Run", "Output", "Judge", "JudgeScore", "PairwiseJudgeScore", "Label", "LabelValue", "Import", "AuditEvent"];

/** Row counts plus a checksum of contents, so "unchanged" means unchanged. */
export async function databaseFingerprint() {
  const parts = await Promise.all(
    TABLES.map(async (table) => {
      const rows = await db.$queryRawUnsafe<{ n: bigint; h: string | null }[]>(`SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${table}" t`);
      return `${table}:${Number(rows[0]!.n)}:${rows[0]!.h ?? ""}`;
    }),
  );
  return parts.join("\n");
}

export function bytes(text: string | Uint8Array): AsyncIterable<Uint8Array> {
  const data = typeof text === "string" ? new TextEncoder().encode(text) : text;
  return (async function* () {
    // Odd chunk sizes, so parsers see records and characters split across chunks.
    for (let i = 0; i < data.length; i += 7) yield data.slice(i, i + 7);
  })();
}

export function jsonl(rows: unknown[]) {
  return rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
}

/** Runs an upload that must fail with `code`; returns its issues and asserts the database did not change. */
export async function expectRejected(run: () => Promise<unknown>, code = "VALIDATION") {
  const before = await databaseFingerprint();
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SafeError);
  expect((error as SafeError).code).toBe(code);
  expect(await databaseFingerprint()).toBe(before);
  return (error as SafeError).issues ?? [];
}
