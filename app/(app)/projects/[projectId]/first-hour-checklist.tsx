import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { ChecklistStep } from "@/lib/projects/checklist";

/** The steps that make an empty project useful, each ticking itself when done (counts read on the server). */
export function FirstHourChecklist({ projectId, steps, can }: { projectId: string; steps: ChecklistStep[]; can: (permission: ChecklistStep["permission"]) => boolean }) {
  const done = steps.filter((step) => step.done).length;
  return (
    <Card title="Get this project going" description={`${done} of ${steps.length} steps done. Each step ticks itself once it is done.`}>
      <ol aria-label="Getting started" className="space-y-3">
        {steps.map((step, index) => (
          <li key={step.key} className="flex items-start gap-3" data-done={step.done}>
            <span
              aria-hidden="true"
              className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${step.done ? "bg-emerald-600 text-white" : "border border-slate-300 text-slate-600"}`}
            >
              {step.done ? "✓" : index + 1}
            </span>
            <div>
              <p className="font-medium text-slate-900">
                {can(step.permission) ? (
                  <Link href={`/projects/${projectId}${step.path}`} className="text-brand-700 underline underline-offset-2">
                    {step.title}
                  </Link>
                ) : (
                  step.title
                )}
                {step.done ? <span className="ml-2 text-xs font-medium text-emerald-700">done</span> : <span className="sr-only"> (to do)</span>}
                {step.optional && <span className="ml-2 text-xs font-normal text-slate-500">optional</span>}
              </p>
              <p className="text-sm text-slate-600">
                {step.description}
                {!step.done && !can(step.permission) && " Someone with more rights in the project takes this step."}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
