import { z } from "zod";
import type { Actor } from "@/lib/auth/authorize";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import type { JudgeRunProgress } from "@/lib/judge-runner/contracts";
import { planJudgeCalls } from "@/lib/judge-runner/plan";
import { createJudgeRunFromSpecs, type RunActor } from "@/lib/judge-runner/runs";

// Judge runs over the REST API (and so the CLI's `touchstone judge run`):
// the judge, dataset version, runs and items are named the way people name
// them (ids, or names with an optional @vN), resolved here inside the
// project, then planned (lib/judge-runner/plan.ts) and queued (runs.ts).

const ref = (what: string) => z.string({ error: `Name ${what}.` }).trim().min(1, `Name ${what}.`).max(300, "At most 300 characters.");

export const startJudgeRunSchema = z.object({
  judge: ref("the judge").describe("A judge version's id, or a judge's name: its latest version, or `name@v3` for version 3."),
  dataset: ref("the dataset").describe("A dataset version's id, or a dataset's name: its latest version, or `name@v2` for version 2."),
  runs: z.array(ref("a run")).min(1, "List at least one run, or leave runs out for all of them.").max(100, "At most 100 runs.").optional().describe("Runs (ids or names) whose outputs to judge; default: every run on the dataset version."),
  items: z.array(ref("an item")).min(1).max(100_000, "At most 100,000 items.").optional().describe("Only these items (external ids or item ids); default: all."),
  purpose: z.enum(["dataset", "heldout", "promote"]).default("dataset").describe("Why the run is made; the workbench uses heldout and promote."),
});

export const judgeRunProgressSchema = z.object({
  id: z.string(),
  judgeId: z.string(),
  status: z.enum(["QUEUED", "RUNNING", "PAUSED", "CANCELLED", "FAILED", "DONE"]),
  total: z.number().int().describe("Planned calls."),
  done: z.number().int().describe("Calls answered and stored as a score."),
  errors: z.number().int().describe("Calls that finally failed (stored as ERROR scores with their reason)."),
  cached: z.number().int().describe("Calls answered from the response cache (deterministic calls already made)."),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number().nullable().describe("Cost so far; null when the connection has no prices."),
  estimatedCostUsd: z.number().nullable().describe("Estimated before the run from the rendered prompts' tokens; null without prices."),
  callsPerSecond: z.number(),
  failure: z.string().nullable().describe("The provider's message when a fatal error (bad key, unknown model, other 4xx) stopped the run."),
}) satisfies z.ZodType<JudgeRunProgress>;

export function runActor(actor: Actor): RunActor {
  return actor.kind === "user" ? { userId: actor.userId } : { userId: actor.createdById, tokenId: actor.tokenId };
}

/** `name@v3` → { name, version: 3 }; anything else is a plain name. */
function splitVersion(text: string): { name: string; version: number | null } {
  const match = /^(.*)@v(\d+)$/.exec(text);
  return match ? { name: match[1]!, version: Number(match[2]) } : { name: text, version: null };
}

async function resolveJudge(projectId: string, text: string) {
  const byId = await db.judge.findFirst({ where: { id: text, projectId }, select: { id: true } });
  if (byId) return byId.id;
  const { name, version } = splitVersion(text);
  // Only judges defined in Touchstone run (they have a connection); imported ones only have scores.
  const judge = await db.judge.findFirst({
    where: { projectId, name, connectionId: { not: null }, ...(version !== null && { version }) },
    orderBy: { version: "desc" },
    select: { id: true },
  });
  if (!judge) {
    throw new SafeError("NOT_FOUND", `No judge "${text}" that runs in Touchstone in this project.`, [{ field: "judge", message: "Unknown judge (give a judge version's id, a judge's name, or name@vN)." }]);
  }
  return judge.id;
}

async function resolveDatasetVersion(projectId: string, text: string) {
  const byId = await db.datasetVersion.findFirst({ where: { id: text, dataset: { projectId } }, select: { id: true } });
  if (byId) return byId.id;
  const { name, version } = splitVersion(text);
  const found = await db.datasetVersion.findFirst({
    where: { dataset: { projectId, name }, ...(version !== null && { version }) },
    orderBy: { version: "desc" },
    select: { id: true },
  });
  if (!found) throw new SafeError("NOT_FOUND", `No dataset "${text}" in this project.`, [{ field: "dataset", message: "Unknown dataset (give a dataset version's id, a dataset's name, or name@vN)." }]);
  return found.id;
}

async function resolveRuns(projectId: string, datasetVersionId: string, refs: string[] | undefined) {
  const runs = await db.run.findMany({ where: { projectId, datasetVersionId }, select: { id: true, name: true }, orderBy: { createdAt: "asc" } });
  if (runs.length === 0) throw new SafeError("VALIDATION", "This dataset version has no runs: import outputs first.", [{ field: "dataset", message: "No runs on this dataset version." }]);
  if (!refs) return runs.map((run) => run.id);
  return refs.map((text, index) => {
    const run = runs.find((r) => r.id === text) ?? runs.find((r) => r.name === text);
    if (!run) throw new SafeError("NOT_FOUND", `No run "${text}" on this dataset version.`, [{ field: `runs.${index}`, message: "Unknown run on this dataset version." }]);
    return run.id;
  });
}

async function resolveItems(datasetVersionId: string, refs: string[] | undefined) {
  if (!refs) return undefined;
  const unique = [...new Set(refs)];
  const found = await db.datasetItem.findMany({
    where: { datasetVersionId, OR: [{ externalId: { in: unique } }, { id: { in: unique } }] },
    select: { id: true, externalId: true },
  });
  const known = new Set(found.flatMap((item) => [item.id, item.externalId]));
  const unknown = unique.filter((text) => !known.has(text));
  if (unknown.length > 0) {
    throw new SafeError("VALIDATION", `${unknown.length} item${unknown.length === 1 ? " is" : "s are"} not in this dataset version: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""}.`, [
      { field: "items", message: "Unknown items." },
    ]);
  }
  return found.map((item) => item.id);
}

/** Plans and queues a judge run; answers with its progress, whose estimatedCostUsd is known before any call. */
export async function startJudgeRun(projectId: string, input: z.output<typeof startJudgeRunSchema>, actor: Actor): Promise<JudgeRunProgress> {
  const judgeId = await resolveJudge(projectId, input.judge);
  const datasetVersionId = await resolveDatasetVersion(projectId, input.dataset);
  const runIds = await resolveRuns(projectId, datasetVersionId, input.runs);
  const itemIds = await resolveItems(datasetVersionId, input.items);
  const scope = { datasetVersionId, runIds, purpose: input.purpose, ...(itemIds && { itemIds }) };
  const specs = await planJudgeCalls(db, { judgeId, scope });
  return createJudgeRunFromSpecs({ projectId, judgeId, scope, specs, actor: runActor(actor) });
}
