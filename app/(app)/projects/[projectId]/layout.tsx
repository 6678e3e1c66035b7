import type { ReactNode } from "react";
import { RoleBadge } from "@/components/role-badge";
import { PROJECT_SECTIONS } from "@/lib/auth/permissions";
import { loadProjectAccess } from "@/lib/projects/access";
import { ProjectNav } from "./project-nav";

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project, role, can } = await loadProjectAccess(projectId);
  const sections = PROJECT_SECTIONS.filter((section) => can(section.permission)).map(({ segment, label }) => ({ segment, label }));
  return (
    <div>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 pb-4">
        <div className="flex items-center gap-3">
          <h1 className="text-xl font-semibold text-slate-900">{project.name}</h1>
          <RoleBadge role={role} />
        </div>
        <ProjectNav projectId={projectId} sections={sections} />
      </div>
      {children}
    </div>
  );
}
