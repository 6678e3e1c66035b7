import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { requireProjectPage } from "@/lib/projects/access";
import { samplesPageOptions } from "@/lib/evaluation/spot-checks/samples";
import { listSetups, setupOptions } from "@/lib/review/queries";
import { ReviewSubpageHeader } from "../review-subpage-header";
import { ExtendSetupForm } from "./extend-setup-form";
import { SetupForm } from "./setup-form";
import { SetupSource } from "./setup-source";
import { SpotCheckForm } from "./spot-check-form";

export const metadata: Metadata = { title: "Review setup" };

export default async function ReviewSetupPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, project } = await requireProjectPage(projectId, "review.configure");
  const [options, setups, traffic] = await Promise.all([setupOptions(projectId), listSetups(projectId, user.id), samplesPageOptions(projectId)]);
  return (
    <div className="space-y-6">
      <ReviewSubpageHeader projectId={projectId} title="Review setup" />
      {options.versions.length === 0 || options.rubrics.length === 0 ? (
        <EmptyState title="Nothing to review yet">A review needs a dataset with model outputs and a rubric. Upload data and define a rubric first.</EmptyState>
      ) : (
        <SetupSource
          dataset={
            <SetupForm
              projectId={projectId}
              options={options}
              defaults={{ overlap: project.overlap, blindReview: project.blindReview, randomizeOrder: project.randomizeOrder, showReference: project.showReference, mode: project.defaultMode }}
            />
          }
          traffic={<SpotCheckForm projectId={projectId} rubrics={options.rubrics} rules={traffic.rules} defaults={{ overlap: project.overlap, blindReview: project.blindReview, showReference: project.showReference }} />}
        />
      )}
      {setups.length > 0 && <ExtendSetupForm projectId={projectId} setups={setups.map((s) => ({ id: s.id, name: s.name, tasks: s.tasks }))} />}
    </div>
  );
}
