"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { acknowledgeAlert } from "@/lib/evaluation/monitoring/actions";

export function AcknowledgeButton({ projectId, alertId }: { projectId: string; alertId: string }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await acknowledgeAlert({ projectId, alertId });
            if (!result.ok) setError(result.error.message);
          })
        }
      >
        {pending ? "Acknowledging…" : "Acknowledge"}
      </Button>
      {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
    </span>
  );
}
