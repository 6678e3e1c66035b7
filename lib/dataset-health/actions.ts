"use server";

import crypto from "node:crypto";
import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { saveCoreSubsetSchema } from "./schemas";

/**
 * Saves a subset of a version's items (the suggested core subset) as the
 * dataset's next version. Items are copied in SQL, keeping their content
 * hashes, so version diffs and re-uploads treat them as the same items.
 */
export const saveCoreSubset = projectAction({ permission: "datasets.write", schema: saveCoreSubsetSchema }, async ({ projectId, datasetVersionId, externalIds, note }, { user }) => {
  const source = await db.datasetVersion.findFirst({ where: { id: datasetVersionId, dataset: { projectId } }, select: { id: true, version: true, datasetId: true } });
  if (!source) throw new SafeError("NOT_FOUND", "Unknown dataset version.", [{ field: "datasetVersionId", message: "Not in this project." }]);
  const wanted = [...new Set(externalIds)];
  const items = await db.datasetItem.findMany({ where: { datasetVersionId, externalId: { in: wanted } }, select: { externalId: true, contentHash: true }, orderBy: { position: "asc" } });
  const missing = wanted.filter((id) => !items.some((item) => item.externalId === id));
  if (missing.length) {
    throw new SafeError("VALIDATION", `${missing.length} item(s) are not in version ${source.version}.`, missing.slice(0, 20).map((id) => ({ field: "externalIds", message: `Unknown item "${id}".` })));
  }
  const contentHash = crypto.createHash("sha256").update(items.map((item) => `${item.externalId}\u0000${item.contentHash}`).join("\n")).digest("hex");

  const created = await db.$transaction(async (tx) => {
    const duplicate = await tx.datasetVersion.findUnique({ where: { datasetId_contentHash: { datasetId: source.datasetId, contentHash } }, select: { version: true } });
    if (duplicate) throw new SafeError("CONFLICT", `Version ${duplicate.version} already holds exactly these items.`);
    const latest = await tx.datasetVersion.aggregate({ where: { datasetId: source.datasetId }, _max: { version: true } });
    const version = await tx.datasetVersion.create({
      data: {
        datasetId: source.datasetId,
        version: (latest._max.version ?? 0) + 1,
        note: note || `Core subset of v${source.version} (${items.length} items)`,
        itemCount: items.length,
        contentHash,
        createdById: user.id,
      },
      select: { id: true, version: true },
    });
    await tx.$executeRaw`
      INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", "inputTurns", context, reference, tags, "group", metadata, "contentHash")
      SELECT gen_random_uuid()::text, ${version.id}, "externalId", (row_number() OVER (ORDER BY position)) - 1, "inputText", "inputTurns", context, reference, tags, "group", metadata, "contentHash"
      FROM "DatasetItem" WHERE "datasetVersionId" = ${datasetVersionId} AND "externalId" = ANY(${wanted}::text[])`;
    await recordAudit({ projectId, actorId: user.id, action: "dataset.version.coreSubset", targetType: "datasetVersion", targetId: version.id, data: { from: datasetVersionId, fromVersion: source.version, items: items.length } }, tx);
    return version;
  });
  revalidatePath(`/projects/${projectId}/datasets`);
  revalidatePath(`/projects/${projectId}/runs/health`);
  return { datasetVersionId: created.id, version: created.version, itemCount: items.length };
});
