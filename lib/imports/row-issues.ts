import type { ZodError } from "zod";
import type { ValidationIssue } from "@/lib/errors";

/**
 * A row's zod errors as upload issues, one per field: zod may report several
 * reasons for one field, and the first is the one a person can act on.
 * Shared by the server import and the browser's whole-file check so both list
 * the same problems.
 */
export function rowIssuesFromZod(row: number, error: ZodError): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const zIssue of error.issues) {
    const field = zIssue.path.map(String).join(".") || "(row)";
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ row, field, message: zIssue.message });
  }
  return issues;
}
