"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { Field, Input, Select } from "@/components/ui/field";
import { createJudgeDefinition } from "@/lib/judge-runner/actions";

type Rubric = { id: string; name: string; criteria: { key: string; name: string; kind: string }[] };
type Connection = { id: string; name: string; model: string; isDemo: boolean };

export function NewDefinitionForm({ projectId, rubrics, connections }: { projectId: string; rubrics: Rubric[]; connections: Connection[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [name, setName] = useState("");
  const [rubricId, setRubricId] = useState(rubrics[0]?.id ?? "");
  const criteria = rubrics.find((r) => r.id === rubricId)?.criteria ?? [];
  const [criterionKey, setCriterionKey] = useState(criteria[0]?.key ?? "");
  const [connectionId, setConnectionId] = useState(connections[0]?.id ?? "");
  const [error, setError] = useState<{ message: string; issues?: { field: string; message: string }[] }>();
  const kind = criteria.find((c) => c.key === criterionKey)?.kind;
  // A preference is judged on pairs; every other kind one output at a time.
  const mode = kind === "PREFERENCE" ? "PAIRWISE" : "POINTWISE";

  if (connections.length === 0) {
    return <Card title="New judge">The project has no model connection yet: an admin adds one under Settings first.</Card>;
  }
  const issue = (field: string) => error?.issues?.find((i) => i.field === field)?.message;
  function create() {
    setError(undefined);
    startTransition(async () => {
      const result = await createJudgeDefinition({ projectId, name, mode, rubricId, criterionKey, connectionId });
      if (!result.ok) return setError(result.error);
      router.push(`/projects/${projectId}/judges/${result.data.definitionId}`);
    });
  }
  return (
    <Card title="New judge" description="Starts from the default prompt for its kind (version 1); edit it afterwards.">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" htmlFor="judge-name" error={issue("name")}>
          <Input id="judge-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} placeholder="Helpfulness judge" />
        </Field>
        <Field label="Model connection" htmlFor="judge-connection" error={issue("connectionId")}>
          <Select id="judge-connection" value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.model}){c.isDemo ? " · demo model" : ""}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Rubric" htmlFor="judge-rubric" error={issue("rubricId")}>
          <Select
            id="judge-rubric"
            value={rubricId}
            onChange={(e) => {
              setRubricId(e.target.value);
              setCriterionKey(rubrics.find((r) => r.id === e.target.value)?.criteria[0]?.key ?? "");
            }}
          >
            {rubrics.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Criterion" htmlFor="judge-criterion" hint={`A ${mode.toLowerCase()} judge.`} error={issue("criterionKey")}>
          <Select id="judge-criterion" value={criterionKey} onChange={(e) => setCriterionKey(e.target.value)}>
            {criteria.map((c) => (
              <option key={c.key} value={c.key}>
                {c.name} ({c.kind.toLowerCase()})
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="mt-4 space-y-3">
        <ErrorBanner message={error && !error.issues?.length ? error.message : null} />
        <Button onClick={create} disabled={pending || !name.trim() || !criterionKey}>
          {pending ? "Creating…" : "Create judge"}
        </Button>
      </div>
    </Card>
  );
}
