import { describe, expect, it } from "vitest";
import { isLocalDatabase } from "./analytic-priority";

describe("isLocalDatabase", () => {
  it("is true for loopback hosts and Unix sockets only", () => {
    expect(isLocalDatabase("postgresql://u@127.0.0.1:5432/db")).toBe(true);
    expect(isLocalDatabase("postgresql://u@localhost/db")).toBe(true);
    expect(isLocalDatabase("postgresql://u@[::1]:5432/db")).toBe(true);
    expect(isLocalDatabase("postgresql://u@/db?host=/var/run/postgresql")).toBe(true);
    expect(isLocalDatabase("postgresql://u@db.internal:5432/db")).toBe(false);
    expect(isLocalDatabase("postgresql://u@10.0.0.5/db")).toBe(false);
    expect(isLocalDatabase("not a url")).toBe(false);
  });
});
