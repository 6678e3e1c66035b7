import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/projects/access";
import { listApiTokens } from "@/lib/tokens/queries";
import { TokensPanel } from "./tokens-panel";
import { SettingsSubpageHeader } from "../settings-subpage-header";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "tokens.manage");
  const tokens = await listApiTokens(projectId);
  return (
    <div className="space-y-4">
      <SettingsSubpageHeader projectId={projectId} />
      <TokensPanel
        projectId={projectId}
        tokens={tokens.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          scope: t.scope,
          createdBy: t.createdBy.name,
          createdAt: t.createdAt.toISOString().slice(0, 10),
          lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString().slice(0, 16).replace("T", " ") : null,
          revoked: !!t.revokedAt,
        }))}
      />
    </div>
  );
}
