import { describe, expect, it } from "vitest";
import { SafeError } from "@/lib/errors";
import { toErrorBody } from "./error-mapping";
import { errorResponse } from "./route";

describe("errorResponse", () => {
  it("sends Retry-After (whole seconds, rounded up) when the error says the request may be repeated later", async () => {
    const response = errorResponse(toErrorBody(new SafeError("UNAVAILABLE", "Busy.", undefined, 2.5)));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.json()).toMatchObject({ code: "UNAVAILABLE", message: "Busy.", retryAfterSeconds: 2.5 });
  });

  it("sends no Retry-After otherwise", () => {
    const response = errorResponse(toErrorBody(new SafeError("VALIDATION", "Bad.")));
    expect(response.status).toBe(400);
    expect(response.headers.get("retry-after")).toBeNull();
  });
});
