import { describe, expect, it } from "vitest";
import { actionLabel, actorLabel, describeAuditEvent, objectLabel } from "./describe";

const names = { users: new Map([["u1", "Lea Lead (lead@x)"]]), tokens: new Map([["t1", "CI nightly"]]) };

describe("audit events in plain words", () => {
  it("summarises each recorded action from its details", () => {
    expect(describeAuditEvent({ action: "member.role", data: { from: "REVIEWER", to: "LEAD" } })).toBe("Role changed from REVIEWER to LEAD.");
    expect(describeAuditEvent({ action: "token.create", data: { name: "CI", scope: "READ" } })).toBe("Created the READ token “CI”.");
    expect(describeAuditEvent({ action: "rubric.create", data: { name: "Helpful", criteria: 1 } })).toBe("Created the rubric “Helpful” with 1 criterion.");
    expect(describeAuditEvent({ action: "rubric.create", data: { name: "Helpful", criteria: 3 } })).toBe("Created the rubric “Helpful” with 3 criteria.");
    expect(describeAuditEvent({ action: "import.judge_scores", data: { fileName: "scores.csv", rows: 1200 } })).toBe("Imported 1200 rows from “scores.csv”.");
    expect(describeAuditEvent({ action: "traffic.settings", data: { retentionDays: 7, maskingRules: [{ pattern: "\\d+" }] } })).toBe("Traffic kept 7 days, 1 masking rule.");
    expect(describeAuditEvent({ action: "monitoring.settings", data: { recentHours: 24, baselineDays: 7, fdr: 0.05, webhookUrl: "https://hooks.example.com/t", secretChanged: true } })).toBe(
      "Drift: last 24 hours vs the 7 days before, FDR 0.05; webhook https://hooks.example.com/t, new secret.",
    );
    expect(describeAuditEvent({ action: "monitoring.acknowledge", data: { rule: "Safety online", segment: null } })).toBe("Acknowledged the drift of “Safety online” in all traffic.");
    expect(describeAuditEvent({ action: "groundTruth.set", data: { criterionKey: "correct", targetKey: "o:1", before: null, after: { status: "SET", value: 1, category: null } } })).toBe("correct on o:1: none → SET 1.");
  });

  it("falls back to the raw details for actions it does not know", () => {
    expect(actionLabel("judge.run")).toBe("judge.run");
    expect(describeAuditEvent({ action: "judge.run", data: { judge: "gpt", items: 4 } })).toBe("judge: gpt; items: 4");
    expect(actionLabel("import.items")).toBe("Import (items)");
  });

  it("names the actor and the object where it can", () => {
    expect(actorLabel({ actor: { id: "u0", name: "Ada", email: "a@x" }, tokenId: null }, names)).toBe("Ada");
    expect(actorLabel({ actor: null, tokenId: "t1" }, names)).toBe("API token “CI nightly”");
    expect(actorLabel({ actor: null, tokenId: null }, names)).toBe("System");
    expect(objectLabel({ targetType: "user", targetId: "u1" }, names)).toBe("Lea Lead (lead@x)");
    expect(objectLabel({ targetType: "user", targetId: "gone" }, names)).toBe("a former user");
    expect(objectLabel({ targetType: "Rubric", targetId: "cabcdefghijklmn" }, names)).toBe("Rubric cabcdefghi");
  });
});
