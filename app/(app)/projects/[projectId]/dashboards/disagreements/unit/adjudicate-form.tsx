"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { SaveBar } from "@/components/ui/save-bar";
import { useSaveAction } from "@/components/ui/use-save-action";
import { adjudicateUnit } from "@/lib/ground-truth/actions";

type Status = "AGREED" | "ADJUDICATED" | "CONTESTED";

export function AdjudicateForm({ projectId, criterionKey, targetKey, numeric, options, current }: {
  projectId: string;
  criterionKey: string;
  targetKey: string;
  numeric: boolean;
  options: { value: string; label: string }[];
  current: { status: Status; code: string; note: string } | null;
}) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(current?.status ?? "ADJUDICATED");
  const [code, setCode] = useState(current && current.code !== "—" ? current.code : (options[0]?.value ?? ""));
  const [note, setNote] = useState(current?.note ?? "");
  const { pending, message, save } = useSaveAction();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const contested = status === "CONTESTED";
    save(
      () =>
        adjudicateUnit({
          projectId,
          criterionKey,
          targetKey,
          status,
          value: !contested && numeric ? Number(code) : null,
          category: !contested && !numeric ? code : null,
          note,
        }),
      (data) => {
        router.refresh();
        return `Saved as ${data.status.toLowerCase()}.`;
      },
      // The form has no field of its own for each issue: they are listed in the message.
      (error) => [error.message, ...(error.issues ?? []).map((i) => `${i.field}: ${i.message}`)].join(" "),
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Settle ground truth">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Decision</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          {(["AGREED", "ADJUDICATED", "CONTESTED"] as const).map((s) => (
            <label key={s} className="flex items-center gap-2">
              <input type="radio" name="status" value={s} checked={status === s} onChange={() => setStatus(s)} className="size-4" />
              {s === "AGREED" ? "Agreed (the consensus stands)" : s === "ADJUDICATED" ? "Adjudicated (I decide the label)" : "Contested (no single right answer)"}
            </label>
          ))}
        </div>
      </fieldset>
      {status !== "CONTESTED" && (
        <div>
          <label htmlFor="ground-truth-label" className="block text-sm font-medium text-slate-800">
            Label
          </label>
          {numeric && options.length === 0 ? (
            // Real-valued scores have no levels to pick from: the value is typed (the server checks the range).
            <input id="ground-truth-label" type="number" step="any" inputMode="decimal" value={code} onChange={(e) => setCode(e.target.value)} className="mt-1 block w-full max-w-xs rounded-md border border-slate-300 bg-white px-3 py-2 text-sm" />
          ) : (
            <select id="ground-truth-label" value={code} onChange={(e) => setCode(e.target.value)} className="mt-1 block w-full max-w-xs rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
      <div>
        <label htmlFor="ground-truth-note" className="block text-sm font-medium text-slate-800">
          Note
        </label>
        <textarea id="ground-truth-note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={2000} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
      </div>
      <SaveBar label="Save ground truth" pending={pending} message={message} />
    </form>
  );
}
