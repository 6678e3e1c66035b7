"use client";

import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { SaveMessageText } from "@/components/ui/save-bar";
import { useSaveAction } from "@/components/ui/use-save-action";
import { updateProjectSettings } from "@/lib/projects/actions";
import { MAX_UPLOAD_MB } from "@/lib/projects/schemas";

type Settings = {
  projectId: string;
  name: string;
  description: string;
  overlap: number;
  blindReview: boolean;
  randomizeOrder: boolean;
  showReference: boolean;
  defaultMode: "SINGLE" | "PAIRWISE" | "RANKING";
  leaseSeconds: number;
  maxUploadBytes: number;
};

const MIB = 1024 * 1024;

export function SettingsForm({ project }: { project: Settings }) {
  const { pending, message, save } = useSaveAction();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save(
      () =>
        updateProjectSettings({
        projectId: project.projectId,
        name: String(form.get("name")),
        description: String(form.get("description")),
        overlap: Number(form.get("overlap")),
        blindReview: form.get("blindReview") === "on",
        randomizeOrder: form.get("randomizeOrder") === "on",
        showReference: form.get("showReference") === "on",
        defaultMode: String(form.get("defaultMode")) as Settings["defaultMode"],
        leaseSeconds: Number(form.get("leaseMinutes")) * 60,
        maxUploadBytes: Number(form.get("uploadLimitMb")) * MIB,
      }),
      () => "Settings saved.",
    );
  }

  return (
    <Card title="Project settings" description="Defaults for new review setups, and the upload limit.">
      <form onSubmit={onSubmit} className="space-y-4">
        <Field label="Name" htmlFor="settings-name">
          <Input id="settings-name" name="name" defaultValue={project.name} required />
        </Field>
        <Field label="Description" htmlFor="settings-description">
          <Textarea id="settings-description" name="description" defaultValue={project.description} rows={2} />
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Reviewers per task" htmlFor="settings-overlap" hint="Independent labels each task needs.">
            <Input id="settings-overlap" name="overlap" type="number" min={1} max={20} defaultValue={project.overlap} />
          </Field>
          <Field label="Default mode" htmlFor="settings-mode">
            <Select id="settings-mode" name="defaultMode" defaultValue={project.defaultMode}>
              <option value="SINGLE">Single output</option>
              <option value="PAIRWISE">Pairwise</option>
              <option value="RANKING">Ranking</option>
            </Select>
          </Field>
          <Field label="Task lease (minutes)" htmlFor="settings-lease" hint="An unfinished task returns to the queue after this.">
            <Input id="settings-lease" name="leaseMinutes" type="number" min={1} max={1440} defaultValue={Math.round(project.leaseSeconds / 60)} />
          </Field>
          <Field label="Upload limit (MB)" htmlFor="settings-upload-limit" hint="Largest file an upload, API batch or CLI import may send.">
            <Input id="settings-upload-limit" name="uploadLimitMb" type="number" min={1} max={MAX_UPLOAD_MB} defaultValue={Math.round(project.maxUploadBytes / MIB)} />
          </Field>
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">Review</legend>
          <Checkbox name="blindReview" label="Blind review: hide model names and judge scores" defaultChecked={project.blindReview} />
          <Checkbox name="randomizeOrder" label="Randomise left/right order (recorded per reviewer)" defaultChecked={project.randomizeOrder} />
          <Checkbox name="showReference" label="Show the reference answer to reviewers" defaultChecked={project.showReference} />
        </fieldset>
        <SaveMessageText message={message} />
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
      </form>
    </Card>
  );
}

function Checkbox({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} className="size-4 rounded border-slate-300" />
      {label}
    </label>
  );
}
