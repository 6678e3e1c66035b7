import type { ReactNode } from "react";
import { ButtonLink } from "./ui/button";

export function StatusPage({ code, title, children }: { code: string; title: string; children: ReactNode }) {
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-600">{code}</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-3 text-slate-600">{children}</div>
      <ButtonLink href="/projects" variant="secondary" className="mt-6">
        Back to projects
      </ButtonLink>
    </div>
  );
}
