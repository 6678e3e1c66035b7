import Link from "next/link";

/** The way back every settings sub-page (tokens, LLM connections, traffic, audit…) starts with. */
export function SettingsSubpageHeader({ projectId }: { projectId: string }) {
  return (
    <p className="text-sm text-slate-600">
      <Link href={`/projects/${projectId}/settings`} className="text-brand-700 underline-offset-2 hover:underline">
        ← Settings
      </Link>
    </p>
  );
}
