"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { segment: "", label: "Judges vs humans" },
  { segment: "/disagreements", label: "Disagreements" },
  { segment: "/reviewers", label: "Reviewers" },
  { segment: "/exports", label: "Exports" },
] as const;

export function DashboardTabs({ projectId }: { projectId: string }) {
  const pathname = usePathname();
  const base = `/projects/${projectId}/dashboards`;
  return (
    <nav aria-label="Dashboards" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-4">
        {TABS.map((tab) => {
          const href = `${base}${tab.segment}`;
          const active = tab.segment === "" ? pathname === base || pathname.startsWith(`${base}/judges`) : pathname.startsWith(href);
          return (
            <li key={tab.segment}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={`inline-block border-b-2 px-1 pb-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600 ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
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
