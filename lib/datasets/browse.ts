import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import type { BrowseQuery } from "./schemas";

// Browsing one dataset version's items (the Data page): a search over the
// external id and the item's text (prompt, chat turns, reference), a tag
// filter, pages in upload order, and each item's outputs from every run on
// the version. The search is a scan of one version's rows (ILIKE): versions
// are browsed by people, a page at a time, and no index is kept for it.

export const BROWSE_PAGE_SIZE = 20;

export type BrowseVersion = Awaited<ReturnType<typeof loadBrowseVersion>>;

async function loadBrowseVersion(projectId: string, versionId: string) {
  const version = await db.datasetVersion.findFirst({
    where: { id: versionId, dataset: { projectId } },
    select: {
      id: true,
      version: true,
      note: true,
      itemCount: true,
      createdAt: true,
      dataset: { select: { id: true, name: true } },
      runs: { orderBy: [{ createdAt: "asc" }, { name: "asc" }], select: { id: true, name: true, model: true } },
    },
  });
  if (!version) throw new SafeError("NOT_FOUND", "Unknown dataset version.");
  const previous = await db.datasetVersion.findFirst({
    where: { datasetId: version.dataset.id, version: { lt: version.version } },
    orderBy: { version: "desc" },
    select: { id: true, version: true },
  });
  return { ...version, previous };
}

/** `%text%` for ILIKE, with the user's own % and _ taken literally. */
function containsPattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function browseVersionItems(projectId: string, versionId: string, query: BrowseQuery) {
  const version = await loadBrowseVersion(projectId, versionId);
  const pattern = containsPattern(query.q);
  const matches = query.q
    ? Prisma.sql`AND (i."externalId" ILIKE ${pattern} OR i."inputText" ILIKE ${pattern} OR i."inputTurns"::text ILIKE ${pattern} OR i.reference ILIKE ${pattern})`
    : Prisma.empty;
  const tagged = query.tag ? Prisma.sql`AND ${query.tag} = ANY(i.tags)` : Prisma.empty;
  const offset = (query.page - 1) * BROWSE_PAGE_SIZE;
  const [found, tags] = await Promise.all([
    db.$queryRaw<{ id: string; total: number }[]>`
      SELECT i.id, count(*) OVER ()::int AS total FROM "DatasetItem" i
      WHERE i."datasetVersionId" = ${version.id} ${matches} ${tagged}
      ORDER BY i.position LIMIT ${BROWSE_PAGE_SIZE} OFFSET ${offset}`,
    db.$queryRaw<{ tag: string }[]>`
      SELECT DISTINCT unnest(tags) AS tag FROM "DatasetItem" WHERE "datasetVersionId" = ${version.id} ORDER BY 1 LIMIT 500`,
  ]);
  const ids = found.map((row) => row.id);
  const [items, outputs] = await Promise.all([
    db.datasetItem.findMany({
      where: { id: { in: ids } },
      orderBy: { position: "asc" },
      select: { id: true, externalId: true, position: true, inputText: true, inputTurns: true, context: true, reference: true, tags: true, group: true },
    }),
    db.output.findMany({
      where: { itemId: { in: ids }, run: { datasetVersionId: version.id } },
      orderBy: [{ turn: "asc" }],
      select: { id: true, itemId: true, runId: true, turn: true, content: true },
    }),
  ]);
  return {
    version,
    tags: tags.map((row) => row.tag),
    total: found[0]?.total ?? (query.page > 1 ? await countMatches(version.id, matches, tagged) : 0),
    pageSize: BROWSE_PAGE_SIZE,
    items: items.map((item) => ({ ...item, outputs: outputs.filter((output) => output.itemId === item.id) })),
  };
}

/** A page past the end has no rows to carry the window count: count on its own so the pager can lead back. */
async function countMatches(versionId: string, matches: Prisma.Sql, tagged: Prisma.Sql) {
  const rows = await db.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS total FROM "DatasetItem" i WHERE i."datasetVersionId" = ${versionId} ${matches} ${tagged}`;
  return rows[0]?.total ?? 0;
}
