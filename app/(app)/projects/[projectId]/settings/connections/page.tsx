import type { Metadata } from "next";
import { listConnections } from "@/lib/llm/connections/queries";
import { requireProjectPage } from "@/lib/projects/access";
import { ConnectionsPanel } from "./connections-panel";
import { SettingsSubpageHeader } from "../settings-subpage-header";

export const metadata: Metadata = { title: "LLM connections" };

export default async function ConnectionsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "settings.write");
  const connections = await listConnections(projectId);
  return (
    <div className="space-y-4">
      <SettingsSubpageHeader projectId={projectId} />
      <ConnectionsPanel
        projectId={projectId}
        connections={connections.map((c) => ({
          id: c.id,
          name: c.name,
          baseUrl: c.baseUrl,
          model: c.model,
          key: c.key,
          temperature: c.defaultParams.temperature ?? null,
          maxTokens: c.defaultParams.maxTokens ?? null,
          seed: c.defaultParams.seed ?? null,
          inputPricePerMTok: c.inputPricePerMTok,
          outputPricePerMTok: c.outputPricePerMTok,
          maxConcurrency: c.maxConcurrency,
          requestsPerMinute: c.requestsPerMinute,
          tokensPerMinute: c.tokensPerMinute,
          timeoutSeconds: c.timeoutMs / 1000,
          structuredOutput: c.structuredOutput,
          isDemo: c.isDemo,
          judgeVersions: c.judgeVersions,
        }))}
      />
    </div>
  );
}
