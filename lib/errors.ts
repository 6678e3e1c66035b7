// Two kinds of error. A SafeError carries a code and a message written for the
// person using the app; anything else is a bug or an outage, logged in full and
// shown only as a generic message.

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "VALIDATION"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "PAYLOAD_TOO_LARGE"
  | "REQUEST_TIMEOUT"
  | "UNAVAILABLE"
  | "INTERNAL";

export type ValidationIssue = { row?: number; field: string; message: string };

export class SafeError extends Error {
  constructor(
    public code: ErrorCode,
    message: string,
    public issues?: ValidationIssue[],
    // Sent as Retry-After when the request may simply be repeated later (busy, rate limited).
    public retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "SafeError";
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export type ErrorBody = { code: ErrorCode; message: string; issues?: ValidationIssue[]; retryAfterSeconds?: number };

/** For pages that show a SafeError inline: its message. Anything else is rethrown to the error page. */
export function safeMessageOrThrow(caught: unknown): string {
  if (caught instanceof SafeError) return caught.message;
  throw caught;
}
