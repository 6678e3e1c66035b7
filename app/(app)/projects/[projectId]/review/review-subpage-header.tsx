import Link from "next/link";

/** The way back to the review queues, beside the title of a review sub-page (my work, setup, the review screen). */
export function ReviewSubpageHeader({ projectId, title }: { projectId: string; title: string }) {
  return (
    <div className="flex items-center gap-3">
      <Link href={`/projects/${projectId}/review`} className="text-sm text-brand-700 underline">
        ← Review
      </Link>
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
    </div>
  );
}
