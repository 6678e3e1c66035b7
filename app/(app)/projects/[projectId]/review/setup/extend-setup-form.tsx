"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { SaveMessageText } from "@/components/ui/save-bar";
import { useSaveAction } from "@/components/ui/use-save-action";
import { extendSetup } from "@/lib/review/actions";
import { SelectionFields, selectionInput, type SelectionState } from "./selection-fields";

/** Adds tasks to an existing setup: another sample, another tag, or everything not yet included. */
export function ExtendSetupForm({ projectId, setups }: { projectId: string; setups: { id: string; name: string; tasks: number }[] }) {
  const router = useRouter();
  const [setupId, setSetupId] = useState(setups[0]!.id);
  const [selection, setSelection] = useState<SelectionState>({ strategy: "random", tags: [], n: "10", seed: "2" });
  const { pending, message, save } = useSaveAction();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save(
      () => extendSetup({ projectId, setupId, selection: selectionInput(selection) }),
      (data) => {
        router.refresh();
        return `${data.added} tasks added.`;
      },
    );
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
        <SaveMessageText message={message} />
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Adding…" : "Add tasks"}
        </Button>
      </form>
    </Card>
  );
}
