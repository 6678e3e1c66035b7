import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, PERMISSIONS, PROJECT_SECTIONS, ROLES, roleCan, tokenCan } from "./permissions";

// The matrix written out as people read it, so a change to who may do what
// is a visible change to this table (authorization.db.test.ts checks that the
// wrappers enforce whatever the matrix says).

describe("the permission matrix", () => {
  it("lets leads read rubrics but only admins edit them", () => {
    expect(ROLES.filter((role) => roleCan(role, "rubrics.read"))).toEqual(["ADMIN", "LEAD"]);
    expect(ROLES.filter((role) => roleCan(role, "rubrics.write"))).toEqual(["ADMIN"]);
  });

  it("gives every writer the matching read", () => {
    for (const [write, read] of [["rubrics.write", "rubrics.read"], ["datasets.write", "datasets.read"], ["traffic.ingest", "traffic.read"]] as const) {
      for (const role of ROLES) if (roleCan(role, write)) expect(roleCan(role, read), `${role} ${read}`).toBe(true);
    }
  });

  it("shows each role the sections it may open", () => {
    const sections = (role: (typeof ROLES)[number]) => PROJECT_SECTIONS.filter((section) => roleCan(role, section.permission)).map((section) => section.label);
    expect(sections("REVIEWER")).toEqual(["Review"]);
    expect(sections("LEAD")).toEqual(["Review", "Dashboards", "Runs", "Judges", "Data", "Traffic", "Rubrics"]);
    expect(sections("ADMIN")).toEqual(["Review", "Dashboards", "Runs", "Judges", "Data", "Traffic", "Rubrics", "Settings"]);
  });

  it("lets leads and admins edit judges, not reviewers or API tokens", () => {
    expect(ROLES.filter((role) => roleCan(role, "judges.write"))).toEqual(["ADMIN", "LEAD"]);
    expect(tokenCan("WRITE", "judges.write")).toBe(false);
  });

  it("lets leads and admins promote production answers into golden datasets, not reviewers or API tokens", () => {
    expect(ROLES.filter((role) => roleCan(role, "traffic.promote"))).toEqual(["ADMIN", "LEAD"]);
    expect(tokenCan("WRITE", "traffic.promote")).toBe(false);
  });

  it("lets leads and admins manage evaluation rules, and API tokens read them (an admin's write token also manages them)", () => {
    expect(ROLES.filter((role) => roleCan(role, "evaluationRules.write"))).toEqual(["ADMIN", "LEAD"]);
    expect(tokenCan("READ", "traffic.read")).toBe(true);
    expect(tokenCan("READ", "evaluationRules.write")).toBe(false);
    expect(tokenCan("WRITE", "evaluationRules.write")).toBe(true);
  });

  it("lets leads, admins and WRITE tokens run judges, not reviewers or READ tokens", () => {
    expect(ROLES.filter((role) => roleCan(role, "judges.run"))).toEqual(["ADMIN", "LEAD"]);
    expect(tokenCan("WRITE", "judges.run")).toBe(true);
    expect(tokenCan("READ", "judges.run")).toBe(false);
  });

  it("refuses no role and unknown roles, and keeps API tokens away from rubric edits", () => {
    expect(roleCan(null, "project.view")).toBe(false);
    expect(roleCan(undefined, "rubrics.read")).toBe(false);
    expect(tokenCan("WRITE", "rubrics.write")).toBe(false);
    expect(tokenCan("WRITE", "traffic.ingest")).toBe(true);
    expect(tokenCan("READ", "traffic.ingest")).toBe(false);
    expect(ALL_PERMISSIONS).toEqual(Object.keys(PERMISSIONS));
  });
});
