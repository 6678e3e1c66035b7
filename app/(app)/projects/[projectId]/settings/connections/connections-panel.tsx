"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { useSaveAction } from "@/components/ui/use-save-action";
import { deleteConnection } from "@/lib/llm/connections/actions";
import { ConnectionForm } from "./connection-form";
import { keyLabel, type ConnectionRow } from "./connection-types";

// The list of a project's connections beside the form that creates or edits one.
export function ConnectionsPanel({ projectId, connections }: { projectId: string; connections: ConnectionRow[] }) {
  const router = useRouter();
  const [editing, setEditing] = useState<ConnectionRow | null>(null);
  // A new key per opened form, so switching connections resets its fields.
  const [formKey, setFormKey] = useState(0);
  // A deletion shows in the list (refreshed): the only message is an error.
  const { pending, message: error, setMessage, save } = useSaveAction({ clearOnStart: true });

  const open = (connection: ConnectionRow | null) => {
    setEditing(connection);
    setFormKey((k) => k + 1);
    setMessage(undefined);
  };

  function onDelete(connection: ConnectionRow) {
    if (!window.confirm(`Delete the connection “${connection.name}”?`)) return;
    save(
      () => deleteConnection({ projectId, connectionId: connection.id }),
      () => {
        if (editing?.id === connection.id) open(null);
        router.refresh();
      },
    );
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card
        title="LLM connections"
        description="OpenAI-compatible endpoints this project's judges call: OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM, OpenRouter. API keys are stored encrypted and never shown again."
        actions={
          <Button variant="secondary" onClick={() => open(null)}>
            New connection
          </Button>
        }
      >
        <ErrorBanner message={error?.text ?? null} />
        {connections.length === 0 ? (
          <p className="text-sm text-slate-600">No connections yet. Add one to run judges inside Touchstone.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="LLM connections">
            {connections.map((connection) => (
              <li key={connection.id} className="flex flex-wrap items-start justify-between gap-2 py-3">
                <div className="min-w-0">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                    {connection.name}
                    {connection.isDemo && <Badge tone="brand">demo</Badge>}
                    {connection.key.state === "unreadable" && <Badge tone="amber">key unreadable</Badge>}
                  </p>
                  <p className="text-xs break-all text-slate-600">
                    <code className="font-mono">{connection.model}</code> at <code className="font-mono">{connection.baseUrl}</code>
                  </p>
                  <p className="text-xs text-slate-500">
                    {keyLabel(connection.key)} · up to {connection.maxConcurrency} calls at once
                    {connection.requestsPerMinute ? ` · ${connection.requestsPerMinute} requests/min` : ""}
                    {connection.inputPricePerMTok !== null && connection.outputPricePerMTok !== null
                      ? ` · $${connection.inputPricePerMTok} / $${connection.outputPricePerMTok} per M tokens in / out`
                      : " · no prices (cost unknown)"}
                    {connection.judgeVersions > 0 ? ` · used by ${connection.judgeVersions} judge version${connection.judgeVersions === 1 ? "" : "s"}` : ""}
                  </p>
                </div>
                <div className="flex gap-2">
                  <Button variant="secondary" aria-label={`Edit ${connection.name}`} onClick={() => open(connection)}>
                    Edit
                  </Button>
                  <Button variant="danger" disabled={pending} aria-label={`Delete ${connection.name}`} onClick={() => onDelete(connection)}>
                    Delete
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ConnectionForm key={formKey} projectId={projectId} connection={editing} onSaved={() => open(null)} />
    </div>
  );
}
