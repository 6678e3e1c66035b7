import { describe, expect, it } from "vitest";
import { bucketFor, requestCost } from "./api-rate-limit";

const limits = { token: 600, user: 300, analyticCost: 10 };

describe("what an API request costs", () => {
  it("analytic reads cost more, everything else 1", () => {
    expect(requestCost(true, limits)).toBe(10);
    expect(requestCost(false, limits)).toBe(1);
    expect(requestCost(true, { analyticCost: 0 })).toBe(1);
  });

  it("tokens and users have buckets of their own", () => {
    expect(bucketFor({ kind: "token", tokenId: "t1", projectId: "p", scope: "READ", createdById: "u1" }, limits)).toEqual({ key: "token:t1", limit: 600 });
    expect(bucketFor({ kind: "user", userId: "u1", isInstanceAdmin: false }, limits)).toEqual({ key: "user:u1", limit: 300 });
  });
});
