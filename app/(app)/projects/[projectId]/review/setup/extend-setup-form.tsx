"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { extendSetup } from "@/lib/review/actions";
import { SelectionFields, selectionInput, type SelectionState } from "./selection-fields";

/** Adds tasks to an existing setup: another sample, another tag, or everything not yet included. */
export function ExtendSetupForm({ projectId, setups }: { projectId: string; setups: { id: string; name: string; tasks: number }[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [setupId, setSetupId] = useState(setups[0]!.id);
  const [selection, setSelection] = useState<SelectionState>({ strategy: "random", tags: [], n: "10", seed: "2" });
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string }>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await extendSetup({ projectId, setupId, selection: selectionInput(selection) });
      setMessage(result.ok ? { tone: "ok", text: `${result.data.added} tasks added.` } : { tone: "error", text: result.error.message });
      if (result.ok) router.refresh();
    });
  }

  return (
    <Card title="Extend a setup" description="Items already in the setup keep their tasks and labels.">
      <form onSubmit={onSubmit} className="space-y-4">
        <Field label="Setup" htmlFor="extend-setup">
          <Select id="extend-setup" value={setupId} onChange={(event) => setSetupId(event.target.value)}>
            {setups.map((setup) => (
              <option key={setup.id} value={setup.id}>
                {setup.name} ({setup.tasks} tasks)
              </option>
            ))}
          </Select>
        </Field>
        {/* An allocation draw needs a setup of its own (lib/review/setup.ts explains why). */}
        <SelectionFields idPrefix="extend" tags={[]} value={selection} onChange={setSelection} without={["allocation"]} />
        {message && (
          <p role="status" className={`text-sm ${message.tone === "ok" ? "text-emerald-700" : "text-red-700"}`}>
            {message.text}
          </p>
        )}
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Adding…" : "Add tasks"}
        </Button>
      </form>
    </Card>
  );
}
