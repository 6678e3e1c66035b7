import type { AuditRow } from "./queries";

// Audit events keep their details as JSON written by each feature. This turns
// them into one sentence a project admin can read without knowing the schema.

type Names = { users: Map<string, string>; tokens: Map<string, string> };
type Data = Record<string, unknown>;

const ACTION_LABELS: Record<string, string> = {
  "project.create": "Project created",
  "project.settings": "Settings changed",
  "member.add": "Member added",
  "member.role": "Role changed",
  "member.remove": "Member removed",
  "member.invite": "Member invited",
  "invitation.cancel": "Invitation cancelled",
  "invitation.accept": "Invitation accepted",
  "user.password.change": "Password changed",
  "token.create": "API token created",
  "token.revoke": "API token revoked",
  "connection.create": "LLM connection created",
  "connection.update": "LLM connection changed",
  "connection.delete": "LLM connection deleted",
  "rubric.create": "Rubric created",
  "rubric.version": "Rubric version saved",
  "groundTruth.set": "Ground truth adjudicated",
  "review.setup.create": "Review setup created",
  "review.setup.extend": "Review setup extended",
  "label.edit": "Label edited",
  "dataset.version.coreSubset": "Core subset created",
  "judgeDefinition.create": "Judge created",
  "judgeDefinition.version": "Judge version saved",
  "judgeDefinition.promote": "Judge version promoted",
  "calibrationSplit.moveToPool": "Item moved to the example pool",
  "judgeRun.start": "Judge run started",
  "judgeRun.pause": "Judge run paused",
  "judgeRun.resume": "Judge run resumed",
  "judgeRun.cancel": "Judge run cancelled",
  "traffic.settings": "Traffic settings changed",
  "monitoring.settings": "Monitoring settings changed",
  "monitoring.acknowledge": "Drift alert acknowledged",
};

export function actionLabel(action: string) {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action];
  if (action.startsWith("import.")) return `Import (${action.slice("import.".length).replace(/_/g, " ")})`;
  return action;
}

const text = (value: unknown) => (value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));
const quoted = (value: unknown) => `“${text(value)}”`;
const plural = (count: unknown, one: string, many = `${one}s`) => `${text(count)} ${count === 1 ? one : many}`;

function verdict(value: unknown) {
  if (!value || typeof value !== "object") return "none";
  const v = value as Data;
  return [v.status, v.category ?? v.value].filter((part) => part !== null && part !== undefined).map(text).join(" ") || "none";
}

export function describeAuditEvent(event: Pick<AuditRow, "action" | "data">): string {
  const d = (event.data && typeof event.data === "object" && !Array.isArray(event.data) ? event.data : {}) as Data;
  switch (event.action) {
    case "project.create": return `Created the project ${quoted(d.name)}.`;
    case "project.settings": return `Changed ${Object.keys(d).join(", ") || "nothing"}.`;
    case "member.add": return `Added ${text(d.email)} as ${text(d.role)}.`;
    case "member.role": return `Role changed from ${text(d.from)} to ${text(d.to)}.`;
    case "member.remove": return "Removed from the project.";
    case "member.invite": return `Invited ${text(d.email)} as ${text(d.role)} (joins at first sign-in).`;
    case "invitation.cancel": return `Cancelled the invitation of ${text(d.email)}.`;
    case "invitation.accept": return `${text(d.email)} signed in and joined as ${text(d.role)}.`;
    case "user.password.change": return "Changed their password; their other sessions ended.";
    case "token.create": return `Created the ${text(d.scope)} token ${quoted(d.name)}.`;
    case "token.revoke": return "Revoked the token.";
    case "connection.create": return `Created the connection ${quoted(d.name)} (${text(d.model)} at ${text(d.baseUrl)}).`;
    case "connection.update": return `Changed ${Array.isArray(d.changed) && d.changed.length ? d.changed.map(text).join(", ") : "nothing"} of ${quoted(d.name)}.`;
    case "connection.delete": return `Deleted the connection ${quoted(d.name)}.`;
    case "rubric.create": return `Created the rubric ${quoted(d.name)} with ${plural(d.criteria, "criterion", "criteria")}.`;
    case "rubric.version": return `Saved version ${text(d.version)}.`;
    case "groundTruth.set": return `${text(d.criterionKey)} on ${text(d.targetKey)}: ${verdict(d.before)} → ${verdict(d.after)}.`;
    case "review.setup.create": return `Created ${quoted(d.name)} (${text(d.mode)}, ${plural(d.taskCount, "task")}).`;
    case "review.setup.extend": return `Added ${plural(d.added, "task")} (${text(d.strategy)}).`;
    case "label.edit": return `Edited a label (${plural(d.criteria, "criterion value")}).`;
    case "judgeRun.start": return `Started ${quoted(d.judge)} on ${plural(d.calls, "call")} (${text(d.purpose)}).`;
    case "judgeRun.pause": case "judgeRun.resume": case "judgeRun.cancel": return `The run was ${text(d.from).toLowerCase()} before.`;
    case "dataset.version.coreSubset": return `New version with ${plural(d.items, "item")} from version ${text(d.fromVersion)}.`;
    case "judgeDefinition.create": return `Created the ${text(d.mode).toLowerCase()} judge ${quoted(d.name)} for ${text(d.criterionKey)}.`;
    case "judgeDefinition.version": return `Saved version ${text(d.version)}${d.changeNote ? `: ${quoted(d.changeNote)}` : ""}.`;
    case "judgeDefinition.promote": return `Promoted version ${text(d.version)} as the judge of ${text(d.criterionKey)}.`;
    case "calibrationSplit.moveToPool": return `Moved into the example pool of ${text(d.criterionKey)} (${plural(d.heldoutLeft, "held-out item")} left).`;
    case "evaluationRule.create": return `Created the evaluation rule ${quoted(d.name)}: ${quoted(d.judge)} on ${text(d.samplingRate)} of the traffic${typeof d.dailyCostCapUsd === "number" ? `, at most ${text(d.dailyCostCapUsd)} USD a day` : ""}.`;
    case "evaluationRule.update": return `Changed ${Array.isArray(d.changed) && d.changed.length ? d.changed.map(text).join(", ") : "nothing"} of the evaluation rule ${quoted(d.name)}.`;
    case "evaluationRule.delete": return `Deleted the evaluation rule ${quoted(d.name)}.`;
    case "monitoring.settings": return `Drift: last ${plural(d.recentHours, "hour")} vs the ${plural(d.baselineDays, "day")} before, FDR ${text(d.fdr)}; webhook ${d.webhookUrl ? text(d.webhookUrl) : "none"}${d.secretChanged ? ", new secret" : ""}.`;
    case "monitoring.acknowledge": return `Acknowledged the drift of ${quoted(d.rule)} in ${d.segment ? quoted(d.segment) : "all traffic"}.`;
    case "traffic.settings": return `Traffic kept ${plural(d.retentionDays, "day")}, ${plural(Array.isArray(d.maskingRules) ? d.maskingRules.length : 0, "masking rule")}.`;
  }
  if (event.action.startsWith("import.")) return `Imported ${plural(d.rows, "row")} from ${quoted(d.fileName)}.`;
  const keys = Object.entries(d).slice(0, 4).map(([key, value]) => `${key}: ${text(value)}`);
  return keys.join("; ");
}

/** Who acted: a person, an API token, or the system (seed, migrations). */
export function actorLabel(event: Pick<AuditRow, "actor" | "tokenId">, names: Names) {
  if (event.actor) return event.actor.name;
  if (event.tokenId) return `API token ${quoted(names.tokens.get(event.tokenId) ?? "(deleted)")}`;
  return "System";
}

/** What the event is about, named where we can. */
export function objectLabel(event: Pick<AuditRow, "targetType" | "targetId">, names: Names) {
  const id = event.targetId ?? "";
  if (event.targetType === "user") return names.users.get(id) ?? "a former user";
  if (event.targetType === "ApiToken") return `Token ${quoted(names.tokens.get(id) ?? id)}`;
  return `${event.targetType}${id ? ` ${id.slice(0, 10)}` : ""}`;
}
