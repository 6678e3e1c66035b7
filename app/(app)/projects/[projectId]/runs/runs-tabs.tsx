"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { segment: "", label: "Comparison" },
  { segment: "/leaderboard", label: "Leaderboard" },
  { segment: "/estimates", label: "Calibrated estimates" },
  { segment: "/factuality", label: "Factuality" },
  { segment: "/health", label: "Dataset health" },
] as const;

export function RunsTabs({ projectId }: { projectId: string }) {
  const pathname = usePathname();
  const base = `/projects/${projectId}/runs`;
  return (
    <nav aria-label="Runs" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-4">
        {TABS.map((tab) => {
          const href = `${base}${tab.segment}`;
          const active = tab.segment === "" ? pathname === base || pathname.startsWith(`${base}/item`) : pathname.startsWith(href);
          return (
            <li key={tab.label}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={`inline-block border-b-2 px-1 pb-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"}`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
