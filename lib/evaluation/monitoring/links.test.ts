import { describe, expect, it } from "vitest";
import { samplesLink } from "./links";

describe("samplesLink", () => {
  it("names the UTC days a window touches, as the samples page filters", () => {
    const link = samplesLink("p1", { ruleId: "r1", from: new Date("2026-12-03T17:00:00Z"), to: new Date("2026-12-04T17:00:00Z"), segment: "billing plan" });
    expect(link).toBe("/projects/p1/traffic/samples?rule=r1&from=2026-12-03&to=2026-12-04&segment=billing+plan&outcome=failed");
  });

  it("ends on the day before a window ending at midnight, and leaves out the segment for all traffic", () => {
    const link = samplesLink("p1", { ruleId: "r1", from: new Date("2026-12-03T00:00:00Z"), to: new Date("2026-12-04T00:00:00Z"), segment: null });
    expect(link).toBe("/projects/p1/traffic/samples?rule=r1&from=2026-12-03&to=2026-12-03&outcome=failed");
  });
});
