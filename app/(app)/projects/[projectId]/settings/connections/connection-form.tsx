"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { Markdown } from "@/components/output/markdown";
import type { ErrorBody } from "@/lib/errors";
import { createConnection, testConnection, updateConnection } from "@/lib/llm/connections/actions";
import type { ProbeResult } from "@/lib/llm/connections/probe";
import { keyLabel, type ConnectionRow } from "./connection-types";

type Status = { kind: "error"; error: ErrorBody } | { kind: "probe"; result: ProbeResult } | null;

const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

/** Creates a connection (connection = null) or edits one; "Test connection" tries the fields as they stand. */
export function ConnectionForm({ projectId, connection, onSaved }: { projectId: string; connection: ConnectionRow | null; onSaved: () => void }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [status, setStatus] = useState<Status>(null);
  const [pending, startTransition] = useTransition();
  const [testing, setTesting] = useState(false);

  function fields() {
    const form = new FormData(formRef.current!);
    const value = (name: string) => String(form.get(name) ?? "");
    return {
      projectId,
      name: value("name"),
      baseUrl: value("baseUrl"),
      apiKey: value("apiKey"),
      clearKey: form.get("clearKey") === "on",
      model: value("model"),
      temperature: value("temperature"),
      maxTokens: value("maxTokens"),
      seed: value("seed"),
      inputPricePerMTok: value("inputPricePerMTok"),
      outputPricePerMTok: value("outputPricePerMTok"),
      maxConcurrency: value("maxConcurrency"),
      requestsPerMinute: value("requestsPerMinute"),
      tokensPerMinute: value("tokensPerMinute"),
      timeoutSeconds: value("timeoutSeconds"),
      structuredOutput: form.get("structuredOutput") === "on",
    };
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus(null);
    startTransition(async () => {
      const input = fields();
      const result = connection ? await updateConnection({ ...input, connectionId: connection.id }) : await createConnection(input);
      if (!result.ok) return setStatus({ kind: "error", error: result.error });
      router.refresh();
      onSaved();
    });
  }

  function onTest() {
    if (!formRef.current?.reportValidity()) return;
    setStatus(null);
    setTesting(true);
    startTransition(async () => {
      const result = await testConnection({ ...fields(), connectionId: connection?.id });
      setTesting(false);
      setStatus(result.ok ? { kind: "probe", result: result.data } : { kind: "error", error: result.error });
    });
  }

  const fieldError = (name: string) => (status?.kind === "error" ? status.error.issues?.find((issue) => issue.field === name)?.message : undefined);

  return (
    <Card
      title={connection ? `Edit “${connection.name}”` : "New connection"}
      description="Any OpenAI-compatible chat-completions endpoint. Prices and limits are optional; without prices a run's cost shows as unknown."
    >
      <form ref={formRef} onSubmit={onSubmit} className="space-y-4" aria-label={connection ? "Edit connection" : "New connection"}>
        <Field label="Name" htmlFor="connection-name" error={fieldError("name")}>
          <Input id="connection-name" name="name" required maxLength={100} defaultValue={connection?.name} placeholder="OpenAI gpt-4o-mini" />
        </Field>
        <Field
          label="Base URL"
          htmlFor="connection-base-url"
          error={fieldError("baseUrl")}
          hint="e.g. https://api.openai.com/v1 · http://localhost:11434/v1 (Ollama) · http://host:8000/v1 (vLLM)"
        >
          <Input id="connection-base-url" name="baseUrl" required defaultValue={connection?.baseUrl} placeholder="https://api.openai.com/v1" />
        </Field>
        <Field
          label="API key"
          htmlFor="connection-api-key"
          error={fieldError("apiKey")}
          hint={
            connection?.key.state === "set"
              ? `Stored: ${keyLabel(connection.key)}. Leave empty to keep it.`
              : connection?.key.state === "unreadable"
                ? "The stored key cannot be decrypted (the encryption key changed): enter it again."
                : "Stored encrypted; never shown again. Leave empty for servers that need none."
          }
        >
          <Input id="connection-api-key" name="apiKey" type="password" autoComplete="off" placeholder={connection?.key.state === "set" ? "leave empty to keep" : ""} />
        </Field>
        {connection?.key.state !== undefined && connection.key.state !== "none" && (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="clearKey" className="size-4 rounded border-slate-300" /> Remove the stored API key
          </label>
        )}
        <Field label="Model" htmlFor="connection-model" error={fieldError("model")} hint="The name the provider expects, e.g. gpt-4o-mini, llama3.1:8b.">
          <Input id="connection-model" name="model" required maxLength={200} defaultValue={connection?.model} />
        </Field>
        <div className="grid grid-cols-3 gap-4">
          <Field label="Temperature" htmlFor="connection-temperature" error={fieldError("temperature")}>
            <Input id="connection-temperature" name="temperature" type="number" min={0} max={2} step="any" defaultValue={connection ? text(connection.temperature) : "0"} />
          </Field>
          <Field label="Max tokens" htmlFor="connection-max-tokens" error={fieldError("maxTokens")}>
            <Input id="connection-max-tokens" name="maxTokens" type="number" min={1} step={1} defaultValue={text(connection?.maxTokens)} />
          </Field>
          <Field label="Seed" htmlFor="connection-seed" error={fieldError("seed")}>
            <Input id="connection-seed" name="seed" type="number" step={1} defaultValue={text(connection?.seed)} />
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Input price (USD / M tokens)" htmlFor="connection-input-price" error={fieldError("inputPricePerMTok")}>
            <Input id="connection-input-price" name="inputPricePerMTok" type="number" min={0} step="any" defaultValue={text(connection?.inputPricePerMTok)} />
          </Field>
          <Field label="Output price (USD / M tokens)" htmlFor="connection-output-price" error={fieldError("outputPricePerMTok")}>
            <Input id="connection-output-price" name="outputPricePerMTok" type="number" min={0} step="any" defaultValue={text(connection?.outputPricePerMTok)} />
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Field label="Max concurrency" htmlFor="connection-concurrency" error={fieldError("maxConcurrency")}>
            <Input id="connection-concurrency" name="maxConcurrency" type="number" min={1} max={1000} step={1} defaultValue={connection?.maxConcurrency ?? 8} />
          </Field>
          <Field label="Requests / min" htmlFor="connection-rpm" error={fieldError("requestsPerMinute")}>
            <Input id="connection-rpm" name="requestsPerMinute" type="number" min={1} step={1} defaultValue={text(connection?.requestsPerMinute)} />
          </Field>
          <Field label="Tokens / min" htmlFor="connection-tpm" error={fieldError("tokensPerMinute")}>
            <Input id="connection-tpm" name="tokensPerMinute" type="number" min={1} step={1} defaultValue={text(connection?.tokensPerMinute)} />
          </Field>
          <Field label="Timeout (s)" htmlFor="connection-timeout" error={fieldError("timeoutSeconds")}>
            <Input id="connection-timeout" name="timeoutSeconds" type="number" min={1} max={600} step="any" defaultValue={connection?.timeoutSeconds ?? 60} />
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="structuredOutput" defaultChecked={connection?.structuredOutput ?? true} className="size-4 rounded border-slate-300" />
          Structured output (response_format json_schema); turn off for servers that reject it
        </label>
        <StatusMessage status={status} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={pending}>
            {pending && !testing ? "Saving…" : connection ? "Save changes" : "Create connection"}
          </Button>
          <Button variant="secondary" disabled={pending} onClick={onTest}>
            {testing ? "Testing…" : "Test connection"}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function StatusMessage({ status }: { status: Status }) {
  if (!status) return null;
  if (status.kind === "error") {
    return (
      <p role="alert" className="text-sm text-red-700">
        {status.error.message}
      </p>
    );
  }
  const result = status.result;
  return result.ok ? (
    <div role="status" aria-label="Connection test result" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
      <p className="font-medium">
        The model answered in {result.latencyMs} ms ({result.model}, {result.inputTokens} + {result.outputTokens} tokens):
      </p>
      {/* Model output is untrusted: rendered only through the sanitising output renderer. */}
      <Markdown className="mt-1 break-words text-slate-800">{result.answer || "(an empty answer)"}</Markdown>
    </div>
  ) : (
    <div role="alert" aria-label="Connection test result" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <p className="font-medium">The test call failed after {result.latencyMs} ms.</p>
      <p className="mt-1 break-words">{result.message}</p>
      {result.retryable && <p className="mt-1 text-xs">This kind of error is usually temporary; a judge run would retry it.</p>}
    </div>
  );
}
