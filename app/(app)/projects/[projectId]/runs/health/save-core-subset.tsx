"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { saveCoreSubset } from "@/lib/dataset-health/actions";

/** Saves the suggested core subset as the dataset's next version (admins; audited). */
export function SaveCoreSubset({ projectId, datasetVersionId, externalIds, canWrite }: { projectId: string; datasetVersionId: string; externalIds: string[]; canWrite: boolean }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string; version?: string } | null>(null);
  if (!canWrite) return <p className="text-xs text-slate-500">Only project admins can save the subset as a dataset version.</p>;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await saveCoreSubset({ projectId, datasetVersionId, externalIds });
            setMessage(
              result.ok
                ? { ok: true, text: `Saved as version ${result.data.version} (${result.data.itemCount} items).`, version: result.data.datasetVersionId }
                : { ok: false, text: result.error.message },
            );
          })
        }
      >
        {pending ? "Saving…" : "Save as new dataset version"}
      </Button>
      {message && (
        <p role="status" className={`text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}>
          {message.text}{" "}
          {message.version && (
            <Link className="underline" href={`/projects/${projectId}/datasets/diff?${new URLSearchParams({ from: datasetVersionId, to: message.version })}`}>
              See the diff
            </Link>
          )}
        </p>
      )}
    </div>
  );
}
