"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { deleteEvaluationRule, updateEvaluationRule } from "@/lib/evaluation/rule-actions";

/** Enable / disable and delete one rule. */
export function RuleControls({ projectId, ruleId, name, enabled }: { projectId: string; ruleId: string; name: string; enabled: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const act = (work: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>) =>
    startTransition(async () => {
      const result = await work();
      if (!result.ok) return setError(result.error.message);
      setError(undefined);
      router.refresh();
    });

  return (
    <div className="flex items-center gap-2">
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      <Button variant="secondary" disabled={pending} onClick={() => act(() => updateEvaluationRule({ projectId, ruleId, enabled: !enabled }))}>
        {enabled ? "Disable" : "Enable"}
      </Button>
      <Button
        variant="secondary"
        disabled={pending}
        aria-label={`Delete rule ${name}`}
        onClick={() => window.confirm(`Delete the rule "${name}"? Its samples go; judge scores already stored stay.`) && act(() => deleteEvaluationRule({ projectId, ruleId }))}
      >
        Delete
      </Button>
    </div>
  );
}
