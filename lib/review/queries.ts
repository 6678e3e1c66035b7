import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { rawSql } from "@/lib/db/raw-sql";
import { parseChatTurns } from "@/components/output/chat-turn";
import { LruCache } from "./cache";
import { buildConversation } from "./conversation";

export type TeamProgress = { done: number; needed: number; open: number };

// A setup's team totals aggregate every task of it (100k tasks: tens of
// milliseconds, more on a busy server), too much for every submit. Each app
// server keeps them per setup: its own submits are added as they commit, and
// the totals are recounted in the background every TEAM_RECOUNT_MS, which
// brings in what other app servers stored meanwhile. With one app server the
// figures are exact; with several, others' labels show within that interval.
const TEAM_RECOUNT_MS = 10_000;
const teamCache = new LruCache<string, { value: TeamProgress; at: number; recounting: boolean }>(500);
// The first count of a setup is shared by everyone asking at once (a whole team opening the queue).
const firstCounts = new Map<string, Promise<TeamProgress>>();

/** Team totals over the tasks `scope` selects (one setup, or a whole project). */
async function countTeam(scope: Prisma.Sql): Promise<TeamProgress> {
  const [row] = await rawSql.$queryRaw<{ done: bigint | string; needed: bigint | string; open: bigint | string }[]>`
    SELECT COALESCE(SUM(LEAST(t."labelCount", t.overlap)), 0) AS done, COALESCE(SUM(t.overlap), 0) AS needed,
           COUNT(*) FILTER (WHERE t.status = 'OPEN') AS open
    FROM "ReviewTask" t WHERE ${scope}`;
  return { done: Number(row?.done ?? 0), needed: Number(row?.needed ?? 0), open: Number(row?.open ?? 0) };
}

const setupScope = (setupId: string) => Prisma.sql`t."setupId" = ${setupId}`;

/** Labels done and needed, and tasks still open, in a setup (the caller has checked the setup is in its project). */
export async function teamProgress(setupId: string): Promise<TeamProgress> {
  const entry = teamCache.get(setupId);
  if (!entry) {
    let first = firstCounts.get(setupId);
    if (!first) {
      first = countTeam(setupScope(setupId)).then((value) => {
        teamCache.set(setupId, { value, at: Date.now(), recounting: false });
        return value;
      });
      firstCounts.set(setupId, first);
      void first.finally(() => firstCounts.delete(setupId)).catch(() => undefined);
    }
    return { ...(await first) };
  }
  if (Date.now() - entry.at >= TEAM_RECOUNT_MS && !entry.recounting) {
    entry.recounting = true;
    countTeam(setupScope(setupId)).then(
      (value) => teamCache.set(setupId, { value, at: Date.now(), recounting: false }),
      () => (entry.recounting = false),
    );
  }
  return { ...entry.value };
}

/** A label was committed in this setup (and completed its task): the kept totals move at once. */
export function noteTeamLabel(setupId: string, completedTask: boolean) {
  const entry = teamCache.get(setupId);
  if (!entry) return;
  entry.value.done = Math.min(entry.value.needed, entry.value.done + 1);
  if (completedTask) entry.value.open = Math.max(0, entry.value.open - 1);
}

/** Tasks were added to a setup: recount on next use. */
export function forgetTeamProgress(setupId: string) {
  teamCache.delete(setupId);
}

/** One reviewer's progress in a project (optionally one setup), and the team's, counted in SQL. */
export async function reviewProgress(projectId: string, reviewerId: string, setupId?: string) {
  const setupFilter = setupId ? Prisma.sql`AND t."setupId" = ${setupId}` : Prisma.empty;
  const [mine] = await rawSql.$queryRaw<{ submitted: bigint | string; skipped: bigint | string; active_ms: bigint | string | null; touched_open: bigint | string }[]>`
    SELECT COUNT(*) FILTER (WHERE a.status = 'SUBMITTED') AS submitted,
           COUNT(*) FILTER (WHERE a.status = 'SKIPPED') AS skipped,
           SUM(a."activeMs") FILTER (WHERE a.status = 'SUBMITTED') AS active_ms,
           COUNT(*) FILTER (WHERE a.status <> 'LEASED' AND t.status = 'OPEN') AS touched_open
    FROM "Assignment" a JOIN "ReviewTask" t ON t.id = a."taskId"
    WHERE t."projectId" = ${projectId} AND a."reviewerId" = ${reviewerId} ${setupFilter}`;
  const team = setupId ? await teamProgress(setupId) : await countTeam(Prisma.sql`t."projectId" = ${projectId}`);
  return {
    submitted: Number(mine?.submitted ?? 0),
    skipped: Number(mine?.skipped ?? 0),
    activeMs: Number(mine?.active_ms ?? 0),
    teamDone: team.done,
    teamNeeded: team.needed,
    // Open tasks minus the open ones this reviewer already labelled or skipped.
    availableToMe: Math.max(0, team.open - Number(mine?.touched_open ?? 0)),
  };
}

export type ReviewProgress = Awaited<ReturnType<typeof reviewProgress>>;

/** Setups of a project with task counts and what is left for this reviewer. */
export async function listSetups(projectId: string, reviewerId: string) {
  return db.$queryRaw<
    { id: string; name: string; mode: string; overlap: number; blind: boolean; created_at: Date; dataset: string; rubric: string; tasks: number; complete: number; for_me: number }[]
  >`
    SELECT s.id, s.name, s.mode::text AS mode, s.overlap, s."blindReview" AS blind, s."createdAt" AS created_at,
           d.name || ' v' || dv.version AS dataset, r.name || ' v' || rv.version AS rubric,
           COUNT(t.id)::int AS tasks,
           COUNT(t.id) FILTER (WHERE t.status = 'COMPLETE')::int AS complete,
           COUNT(t.id) FILTER (WHERE t.status = 'OPEN' AND NOT EXISTS (
             SELECT 1 FROM "Assignment" a WHERE a."taskId" = t.id AND a."reviewerId" = ${reviewerId} AND a.status <> 'LEASED'))::int AS for_me
    FROM "ReviewSetup" s
    JOIN "DatasetVersion" dv ON dv.id = s."datasetVersionId" JOIN "Dataset" d ON d.id = dv."datasetId"
    JOIN "RubricVersion" rv ON rv.id = s."rubricVersionId" JOIN "Rubric" r ON r.id = rv."rubricId"
    LEFT JOIN "ReviewTask" t ON t."setupId" = s.id
    WHERE s."projectId" = ${projectId}
    GROUP BY s.id, d.name, dv.version, r.name, rv.version
    ORDER BY s."createdAt" DESC`;
}

/** A reviewer's own labels (never anyone else's), newest first. */
export async function myLabels(projectId: string, reviewerId: string, limit = 100) {
  const rows = await db.$queryRaw<
    (Omit<MyLabel, "turn"> & { turn: number; every_turn: boolean; input_text: string | null; input_turns: unknown })[]
  >`
    SELECT l.id, l."createdAt" AS created_at, l."updatedAt" AS updated_at, l."activeMs" AS active_ms, s.id AS setup_id, s.name AS setup,
           i."externalId" AS item, (SELECT COUNT(*)::int FROM "LabelRevision" r WHERE r."labelId" = l.id) AS revisions, l.flags,
           t.turn, s.turns = 'EVERY' AS every_turn, i."inputText" AS input_text, i."inputTurns" AS input_turns
    FROM "Label" l JOIN "ReviewTask" t ON t.id = l."taskId" JOIN "ReviewSetup" s ON s.id = t."setupId" JOIN "DatasetItem" i ON i.id = t."itemId"
    WHERE l."reviewerId" = ${reviewerId} AND t."projectId" = ${projectId}
    ORDER BY l."createdAt" DESC LIMIT ${limit}`;
  return rows.map(({ turn, every_turn, input_text, input_turns, ...label }): MyLabel => {
    // The same "Turn k of n" the review screen showed for the task (./conversation.ts).
    const { position, of } = buildConversation({ chat: parseChatTurns(input_turns), inputText: input_text, turn, earlier: [] });
    return { ...label, turn: every_turn || of > 1 ? { position, of } : null };
  });
}

/**
 * One of the reviewer's labels on "My work". `turn`: which turn of a
 * multi-turn item it judged (several turns of one item are separate labels
 * that would otherwise look identical), null for a single-turn item.
 */
export type MyLabel = {
  id: string;
  created_at: Date;
  updated_at: Date;
  active_ms: number;
  setup_id: string;
  setup: string;
  item: string;
  revisions: number;
  flags: string[];
  turn: { position: number; of: number } | null;
};

/** What the setup form offers: dataset versions, their runs, rubric versions, tags. */
export async function setupOptions(projectId: string) {
  const [versions, rubrics] = await Promise.all([
    db.datasetVersion.findMany({
      // Golden datasets: review of production answers is set up from Traffic.
      where: { dataset: { projectId, kind: "GOLDEN" } },
      orderBy: [{ dataset: { name: "asc" } }, { version: "desc" }],
      select: { id: true, version: true, itemCount: true, dataset: { select: { name: true } }, runs: { select: { id: true, name: true, model: true }, orderBy: { name: "asc" } } },
    }),
    db.rubricVersion.findMany({
      where: { rubric: { projectId } },
      orderBy: [{ rubric: { name: "asc" } }, { version: "desc" }],
      select: { id: true, version: true, rubric: { select: { name: true } }, criteria: { orderBy: { position: "asc" }, select: { key: true, name: true, kind: true, pairwiseScope: true } } },
    }),
  ]);
  const tags = await db.$queryRaw<{ version_id: string; tag: string }[]>`
    SELECT DISTINCT i."datasetVersionId" AS version_id, unnest(i.tags) AS tag
    FROM "DatasetItem" i JOIN "DatasetVersion" v ON v.id = i."datasetVersionId" JOIN "Dataset" d ON d.id = v."datasetId"
    WHERE d."projectId" = ${projectId} AND d.kind = 'GOLDEN' ORDER BY 2`;
  return {
    versions: versions.map((v) => ({ id: v.id, label: `${v.dataset.name} v${v.version} (${v.itemCount} items)`, runs: v.runs, tags: tags.filter((t) => t.version_id === v.id).map((t) => t.tag) })),
    rubrics: rubrics.map((r) => ({ id: r.id, label: `${r.rubric.name} v${r.version}`, criteria: r.criteria })),
  };
}
