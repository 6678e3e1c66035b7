"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { createProject } from "@/lib/projects/actions";

export function CreateProjectForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await createProject({ name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") });
      if (!result.ok) return setError(result.error.message);
      router.push(`/projects/${result.data.id}`);
    });
  }

  return (
    <Card title="New project" description="You become its admin.">
      <form onSubmit={onSubmit} className="space-y-3">
        <Field label="Name" htmlFor="project-name" error={error}>
          <Input id="project-name" name="name" required minLength={2} maxLength={120} placeholder="Support bot answers" />
        </Field>
        <Field label="Description" htmlFor="project-description">
          <Input id="project-description" name="description" maxLength={2000} />
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create project"}
        </Button>
      </form>
    </Card>
  );
}
