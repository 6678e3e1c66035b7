"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function ProjectNav({ projectId, sections }: { projectId: string; sections: { segment: string; label: string }[] }) {
  const pathname = usePathname();
  const base = `/projects/${projectId}`;
  const links = [
    { href: base, label: "Overview" },
    ...sections.flatMap((s) => [
      { href: `${base}/${s.segment}`, label: s.label },
      ...(s.segment === "traffic"
        ? [
            { href: `${base}/traffic/rules`, label: "Evaluation rules" },
            { href: `${base}/traffic/samples`, label: "Traffic samples" },
            { href: `${base}/traffic/monitoring`, label: "Monitoring" },
          ]
        : []),
    ]),
  ];
  return (
    <nav aria-label="Project">
      <ul className="flex flex-wrap gap-1">
        {links.map((link) => {
          // The most specific link wins (Traffic vs Traffic → Monitoring).
          const active = link.href === base ? pathname === base : pathname.startsWith(link.href) && !links.some((other) => other.href.length > link.href.length && pathname.startsWith(other.href));
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-brand-100 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
