import { describe, expect, it } from "vitest";
import { bucketFor, requestCost } from "./api-rate-limit";

const limits = { token: 600, user: 300, analyticCost: 10 };

describe("what an API request costs", () => {
  it("analytic reads cost more, everything else 1", () => {
    for (const path of ["agreement", "compare", "leaderboard", "gate", "exports/labels", "judges/j1/bias", "judges/j1/summary"]) {
      expect(requestCost(`/api/v1/projects/p1/${path}`, limits)).toBe(10);
    }
    for (const path of ["runs", "datasets", "judges", "items", "review/s1/submit", "review/s1/queue", "agreements-notes"]) {
      expect(requestCost(`/api/v1/projects/p1/${path}`, limits)).toBe(1);
    }
    expect(requestCost("/api/v1/projects/p1/agreement", { analyticCost: 0 })).toBe(1);
  });

  it("tokens and users have buckets of their own", () => {
    expect(bucketFor({ kind: "token", tokenId: "t1", projectId: "p", scope: "READ", createdById: "u1" }, limits)).toEqual({ key: "token:t1", limit: 600 });
    expect(bucketFor({ kind: "user", userId: "u1", isInstanceAdmin: false }, limits)).toEqual({ key: "user:u1", limit: 300 });
  });
});
