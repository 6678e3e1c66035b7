import type pg from "pg";
import type { z } from "zod";
import type { ValidationIssue } from "@/lib/errors";
import type { MappingContext } from "./mapping";

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
  /**
   * Optional fast path: `schema`'s result for rows of the common shape, or
   * undefined to let `schema` decide (it stays the source of truth and of
   * error messages). See fast-rows.ts.
   */
  fastParse?(candidate: Record<string, unknown>): Row | undefined;
  /** Rows per flush (default 5000). Streaming writers flush small batches often. */
  batchRows?: number;
  /** Ends any write still open on the connection when the import stops early (errors, roll-back). */
  close?(): Promise<void>;
  /** What field mapping may use from the database (the rubric's criterion keys, for Label Studio's flat exports). */
  mappingContext?: MappingContext;
};

export type ImportSummary = Record<string, string | number | boolean | null>;

export type ImportSetup = {
  client: pg.PoolClient;
  projectId: string;
  userId: string | null;
  issues: ValidationIssue[];
  /**
   * Whether this connection may write without per-row foreign-key checks
   * (pg.ts maySkipForeignKeyChecks); an importer does so only for rows whose
   * references it holds locked until commit.
   */
  skipForeignKeyChecks: boolean;
};
