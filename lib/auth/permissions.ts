import type { Role, TokenScope } from "@/lib/generated/prisma/enums";

// The one permission matrix. Every server action and route handler names one
// of these permissions; pages use the same matrix to decide what to show.

export const ROLES = ["ADMIN", "LEAD", "REVIEWER"] as const satisfies readonly Role[];

export const PERMISSIONS = {
  "project.view": ["ADMIN", "LEAD", "REVIEWER"],
  "labels.submit": ["ADMIN", "LEAD", "REVIEWER"],
  "labels.viewOwn": ["ADMIN", "LEAD", "REVIEWER"],
  "dashboards.view": ["ADMIN", "LEAD"],
  "labels.export": ["ADMIN", "LEAD"],
  "groundTruth.adjudicate": ["ADMIN", "LEAD"],
  "review.configure": ["ADMIN", "LEAD"],
  "datasets.read": ["ADMIN", "LEAD"],
  "datasets.write": ["ADMIN"],
  "traffic.read": ["ADMIN", "LEAD"],
  "traffic.ingest": ["ADMIN"],
  // Adding sampled production answers to a golden dataset as a new version (lib/evaluation/promotion).
  "traffic.promote": ["ADMIN", "LEAD"],
  // Online evaluation rules: which judge scores which share of production traffic, within which daily cap.
  "evaluationRules.write": ["ADMIN", "LEAD"],
  // Drift alerts: marking one seen (the webhook is a setting: settings.write).
  "monitoring.acknowledge": ["ADMIN", "LEAD"],
  "rubrics.read": ["ADMIN", "LEAD"],
  "rubrics.write": ["ADMIN"],
  // Judge definitions, versions, calibration split, workbench runs and promotion.
  "judges.write": ["ADMIN", "LEAD"],
  // Starting, pausing, resuming and cancelling judge runs: the workbench and
  // promote flow is the leads', so a lead's session may do it through REST
  // too; WRITE tokens may as well (`touchstone judge run` in CI).
  "judges.run": ["ADMIN", "LEAD"],
  "settings.write": ["ADMIN"],
  "members.manage": ["ADMIN"],
  "tokens.manage": ["ADMIN"],
  "audit.view": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function roleCan(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

// API tokens act for machines: a read token may read what a lead reads
// (production traffic included); a write token may also bring data in
// (imports, production traffic), run judges (not edit them) and manage
// evaluation rules. Neither manages people or tokens.
const TOKEN_PERMISSIONS: Record<TokenScope, readonly Permission[]> = {
  READ: ["project.view", "datasets.read", "dashboards.view", "labels.export", "traffic.read"],
  WRITE: ["project.view", "datasets.read", "dashboards.view", "labels.export", "traffic.read", "datasets.write", "traffic.ingest", "evaluationRules.write", "judges.run"],
};

export function tokenCan(scope: TokenScope, permission: Permission): boolean {
  return TOKEN_PERMISSIONS[scope].includes(permission);
}

/** What each role sees in a project's navigation, in order. */
export const PROJECT_SECTIONS = [
  { segment: "review", label: "Review", permission: "labels.submit" },
  { segment: "dashboards", label: "Dashboards", permission: "dashboards.view" },
  { segment: "runs", label: "Runs", permission: "dashboards.view" },
  { segment: "judges", label: "Judges", permission: "judges.write" },
  { segment: "datasets", label: "Data", permission: "datasets.read" },
  { segment: "traffic", label: "Traffic", permission: "traffic.read" },
  { segment: "rubrics", label: "Rubrics", permission: "rubrics.read" },
  { segment: "settings", label: "Settings", permission: "settings.write" },
] as const satisfies readonly { segment: string; label: string; permission: Permission }[];
