import type { Metadata } from "next";
import Link from "next/link";
import { RoleBadge } from "@/components/role-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ProgressBar } from "@/components/ui/progress-bar";
import { requireUser } from "@/lib/auth/session";
import { listProjectsForUser } from "@/lib/projects/queries";
import { CreateProjectForm } from "./create-project-form";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const user = await requireUser();
  const projects = await listProjectsForUser(user);
  return (
    <>
      <PageHeader title="Projects" description="Review programmes you are a member of." />
      {projects.length === 0 ? (
        <EmptyState title="No projects yet">
          {user.isInstanceAdmin
            ? "Create the first project below, then upload a dataset and invite reviewers."
            : "You have no projects yet — ask an admin to add you to one."}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2 lg:grid-cols-3" aria-label="Projects">
          {projects.map((project) => (
            <li key={project.id}>
              <Link
                href={`/projects/${project.id}`}
                className="block h-full rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-500"
              >
                <div className="flex items-start justify-between gap-3">
                  <h2 className="font-semibold text-slate-900">{project.name}</h2>
                  <RoleBadge role={project.role} />
                </div>
                {project.description && <p className="mt-1 line-clamp-2 text-sm text-slate-600">{project.description}</p>}
                <p className="mt-3 text-xs text-slate-500">{project.items.toLocaleString("en")} items in latest dataset versions</p>
                <div className="mt-2">
                  <ProgressBar value={project.labelsDone} max={project.labelsNeeded} label={`${project.name} review progress`} />
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {user.isInstanceAdmin && (
        <div className="mt-8 max-w-xl">
          <CreateProjectForm />
        </div>
      )}
    </>
  );
}
