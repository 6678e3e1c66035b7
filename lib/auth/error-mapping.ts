import { ZodError } from "zod";
import { SafeError, type ErrorBody, type ValidationIssue } from "@/lib/errors";

export function issuesFromZod(error: ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "(input)",
    message: issue.message,
  }));
}

function isUniqueViolation(error: unknown): error is { code: "P2002"; meta?: { target?: unknown } } {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Turns any thrown value into a body that is safe to show; logs the ones that are bugs. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof SafeError) {
    const body: ErrorBody = { code: error.code, message: error.message, issues: error.issues };
    if (error.retryAfterSeconds !== undefined) body.retryAfterSeconds = error.retryAfterSeconds;
    return body;
  }
  if (error instanceof ZodError) {
    const issues = issuesFromZod(error);
    const first = issues[0];
    return { code: "VALIDATION", message: first ? `${first.field}: ${first.message}` : "Invalid input.", issues };
  }
  if (isUniqueViolation(error)) return { code: "CONFLICT", message: "That already exists." };
  console.error("[touchstone] unexpected error", error);
  return { code: "INTERNAL", message: "Something went wrong on our side. It has been logged; please try again." };
}
