import type pg from "pg";
import type { z } from "zod";
import type { ValidationIssue } from "@/lib/errors";

// What each kind of upload plugs into the shared runner (run-import.ts): a
// row schema, a check-and-buffer step per row, batched writes, and a final
// step that returns the summary people see.

export type Report = (field: string, message: string) => void;

export type KindImporter<Row> = {
  schema: z.ZodType<Row>;
  accept(row: Row, rowNumber: number, report: Report): void;
  /** Rows buffered since the last write. */
  buffered(): number;
  /** Writes buffered rows (only while the upload is still error-free). */
  flush(): Promise<void>;
  /** Stops buffering once an error was found: the rest is validated only. */
  discard(): void;
  /** Called after the last flush. */
  finish(): Promise<{ summary: ImportSummary; unchanged?: boolean }>;
};

export type ImportSummary = Record<string, string | number | boolean | null>;

export type ImportSetup = {
  client: pg.PoolClient;
  projectId: string;
  userId: string | null;
  issues: ValidationIssue[];
};
