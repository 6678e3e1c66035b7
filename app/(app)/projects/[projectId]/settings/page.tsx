import type { Metadata } from "next";
import Link from "next/link";
import { listInvitations, listMembers } from "@/lib/members/queries";
import { requireProjectPage } from "@/lib/projects/access";
import { MembersPanel } from "./members-panel";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project, user } = await requireProjectPage(projectId, "settings.write");
  const [members, invitations] = await Promise.all([listMembers(projectId), listInvitations(projectId)]);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <SettingsForm
        project={{
          projectId,
          name: project.name,
          description: project.description,
          overlap: project.overlap,
          blindReview: project.blindReview,
          randomizeOrder: project.randomizeOrder,
          showReference: project.showReference,
          defaultMode: project.defaultMode,
          leaseSeconds: project.leaseSeconds,
          maxUploadBytes: project.maxUploadBytes,
        }}
      />
      <MembersPanel
        projectId={projectId}
        currentUserId={user.id}
        members={members.map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role }))}
        invitations={invitations.map((i) => ({ email: i.email, role: i.role }))}
      />
      <p className="text-sm text-slate-600 lg:col-span-2">
        <Link href={`/projects/${projectId}/settings/tokens`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          API tokens
        </Link>{" "}
        — create read or write tokens for scripts, CI and the <code>touchstone</code> CLI.
      </p>
      <p className="text-sm text-slate-600 lg:col-span-2">
        <Link href={`/projects/${projectId}/settings/connections`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          LLM connections
        </Link>{" "}
        — the OpenAI-compatible endpoints (OpenAI, Azure, vLLM, Ollama, …) the project&apos;s judges call, with keys, prices and limits.
      </p>
      <p className="text-sm text-slate-600 lg:col-span-2">
        <Link href={`/projects/${projectId}/settings/traffic`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Production traffic
        </Link>{" "}
        — masking rules applied before traffic is stored, and how long it is kept.
      </p>
      <p className="text-sm text-slate-600 lg:col-span-2">
        <Link href={`/projects/${projectId}/settings/monitoring`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Monitoring
        </Link>{" "}
        — drift tests of online judges and the signed webhook alerts are sent to.
      </p>
      <p className="text-sm text-slate-600 lg:col-span-2">
        <Link href={`/projects/${projectId}/settings/audit`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Audit log
        </Link>{" "}
        — who imported, changed rubrics, roles and tokens, or adjudicated, and when; filter it and download it as CSV.
      </p>
    </div>
  );
}
