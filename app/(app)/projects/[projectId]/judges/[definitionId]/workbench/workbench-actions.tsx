"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { promoteJudgeVersion, tryOnHeldOut } from "@/lib/judge-runner/actions";

export function WorkbenchActions({ projectId, definitionId, judgeId, version, promoted }: { projectId: string; definitionId: string; judgeId: string; version: number; promoted: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string | null>(null);
  const start = (action: typeof tryOnHeldOut, done: (calls: number) => string) =>
    startTransition(async () => {
      setError(null);
      const result = await action({ projectId, definitionId, judgeId });
      if (!result.ok) return setError(result.error.message);
      setMessage(done(result.data.calls));
      router.refresh();
    });
  return (
    <div className="flex max-w-sm flex-col items-end gap-2">
      <div className="flex gap-2">
        <Button onClick={() => start(tryOnHeldOut, (calls) => `v${version} is running on the held-out set (${calls} calls).`)} disabled={pending}>
          Try on the held-out set
        </Button>
        <Button variant="secondary" onClick={() => start(promoteJudgeVersion, (calls) => `v${version} is promoted and runs on the reviewed data (${calls} calls).`)} disabled={pending || promoted}>
          {promoted ? "Promoted" : "Promote"}
        </Button>
      </div>
      {message && <p role="status" className="text-right text-xs text-slate-600">{message}</p>}
      <ErrorBanner message={error} />
    </div>
  );
}
