"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { saveBudgetPlanAction } from "@/lib/estimates/actions";

/** Saves one slice's plan; the server recomputes it from the data, so only the choice is sent. */
export function SavePlanButton({ plan }: { plan: { projectId: string; runId: string; criterionKey: string; judgeId: string; slice: string; setupId?: string; targetHalfWidth: number } }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await saveBudgetPlanAction(plan);
            setMessage(result.ok ? { ok: true, text: "Saved" } : { ok: false, text: result.error.message });
          })
        }
      >
        {pending ? "Saving…" : "Save plan"}
      </Button>
      {message && (
        <span role="status" className={`text-xs ${message.ok ? "text-emerald-700" : "text-red-700"}`}>
          {message.text}
        </span>
      )}
    </span>
  );
}
