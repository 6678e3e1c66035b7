import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AgentTrace, parseTrace } from "@/components/output/agent-trace";
import { ChatTurns, parseChatTurns } from "@/components/output/chat-turns";
import { Markdown } from "@/components/output/markdown";
import { parseContext, RetrievedContext } from "@/components/output/retrieved-context";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireProjectPage } from "@/lib/projects/access";
import { getTrafficEvent } from "@/lib/traffic/queries";

export const metadata: Metadata = { title: "Traffic row" };

export default async function TrafficEventPage({ params }: { params: Promise<{ projectId: string; trafficId: string }> }) {
  const { projectId, trafficId } = await params;
  await requireProjectPage(projectId, "traffic.read");
  const event = await getTrafficEvent(projectId, trafficId);
  if (!event) notFound();
  const facts: [string, string | null][] = [
    ["Time (UTC)", event.occurredAt.toISOString().replace("T", " ").slice(0, 23)],
    ["Model", event.model],
    ["App version", event.appVersion],
    ["Segment", event.segment],
    ["Latency", event.latencyMs === null ? null : `${Math.round(event.latencyMs)} ms`],
    ["Tokens in / out", event.inputTokens === null && event.outputTokens === null ? null : `${event.inputTokens ?? "—"} / ${event.outputTokens ?? "—"}`],
    ["Cost", event.costUsd === null ? null : `$${event.costUsd.toFixed(5)}`],
    ["Sent through", event.source === "otlp" ? "OpenTelemetry" : "REST API"],
    ["Your id", event.callerId],
    ["Trace", event.traceId],
    ...Object.entries(event.metadata).map(([key, value]): [string, string] => [key, String(value)]),
  ];
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        <Link href={`/projects/${projectId}/traffic`} className="text-brand-700 underline-offset-2 hover:underline">
          ← Traffic
        </Link>
      </p>
      <PageHeader title="Production answer" description="As stored, after the project's masking rules." />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <ChatTurns turns={parseChatTurns(event.messages)} />
          <RetrievedContext documents={parseContext(event.context)} />
          <AgentTrace steps={parseTrace(event.toolCalls)} />
          <Card title="Answer">{event.answer === null ? <p className="text-sm italic text-slate-600">No answer was sent.</p> : <Markdown>{event.answer}</Markdown>}</Card>
        </div>
        <Card title="Details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            {facts
              .filter((fact): fact is [string, string] => fact[1] !== null && fact[1] !== "")
              .map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-slate-600">{label}</dt>
                  <dd className="break-all text-slate-900">{value}</dd>
                </div>
              ))}
          </dl>
        </Card>
      </div>
    </div>
  );
}
