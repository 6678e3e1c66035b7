"use client";

import { Button } from "@/components/ui/button";
import { useSaveAction } from "@/components/ui/use-save-action";
import { saveBudgetPlanAction } from "@/lib/estimates/actions";

/** Saves one slice's plan; the server recomputes it from the data, so only the choice is sent. */
export function SavePlanButton({ plan }: { plan: { projectId: string; runId: string; criterionKey: string; judgeId: string; slice: string; setupId?: string; targetHalfWidth: number } }) {
  const { pending, message, save } = useSaveAction();
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() => save(() => saveBudgetPlanAction(plan), () => "Saved")}
      >
        {pending ? "Saving…" : "Save plan"}
      </Button>
      {message && (
        <span role="status" className={`text-xs ${message.tone === "ok" ? "text-emerald-700" : "text-red-700"}`}>
          {message.text}
        </span>
      )}
    </span>
  );
}
