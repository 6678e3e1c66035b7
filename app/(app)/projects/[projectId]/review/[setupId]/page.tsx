import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { db } from "@/lib/db/client";
import { requireProjectPage } from "@/lib/projects/access";
import { reviewProgress } from "@/lib/review/queries";
import { loadTaskView, openQueue, type TaskView } from "@/lib/review/queue";
import { ReviewScreen } from "./review-screen";

export const metadata: Metadata = { title: "Reviewing" };

export default async function ReviewTaskPage({ params, searchParams }: {
  params: Promise<{ projectId: string; setupId: string }>;
  searchParams: Promise<{ label?: string }>;
}) {
  const { projectId, setupId } = await params;
  const { label: labelId } = await searchParams;
  const { user } = await requireProjectPage(projectId, "labels.submit");
  const setup = await db.reviewSetup.findFirst({ where: { id: setupId, projectId }, select: { id: true } });
  if (!setup) notFound();

  let task: TaskView | null = null;
  let next: TaskView | null = null;
  if (labelId) {
    // Reopening one of my labels from "My work".
    const label = await db.label.findFirst({ where: { id: labelId, reviewerId: user.id, task: { setupId } }, select: { id: true, assignmentId: true } });
    if (!label?.assignmentId) notFound();
    task = await loadTaskView(projectId, user.id, label.assignmentId, { labelId: label.id });
  } else {
    // Resumes the lease already held (with its draft) or leases the next task,
    // and leases the one after it ahead so that submitting shows it at once.
    ({ task, next } = await openQueue(projectId, user.id, setupId));
  }
  const progress = await reviewProgress(projectId, user.id, setupId);
  return <ReviewScreen key={task?.assignmentId ?? "done"} projectId={projectId} setupId={setupId} initialTask={task} initialNext={next} initialProgress={progress} />;
}
