"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { useSaveAction } from "@/components/ui/use-save-action";
import { createApiToken, revokeApiToken } from "@/lib/tokens/actions";

type Token = { id: string; name: string; prefix: string; scope: "READ" | "WRITE"; createdBy: string; createdAt: string; lastUsedAt: string | null; revoked: boolean };

export function TokensPanel({ projectId, tokens }: { projectId: string; tokens: Token[] }) {
  const router = useRouter();
  // Successes show in the list (refreshed) and the new token's box: the only message is an error.
  const { pending, message: error, save } = useSaveAction({ clearOnStart: true });
  const [created, setCreated] = useState<{ name: string; secret: string }>();
  const [copied, setCopied] = useState(false);

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setCopied(false);
    save(
      () => createApiToken({ projectId, name: String(form.get("name") ?? ""), scope: String(form.get("scope")) as "READ" | "WRITE" }),
      (token) => {
        setCreated({ name: token.name, secret: token.secret });
        formElement.reset();
        router.refresh();
      },
    );
  }

  function onRevoke(token: Token) {
    if (!window.confirm(`Revoke “${token.name}”? Scripts using it stop working at once.`)) return;
    save(
      () => revokeApiToken({ projectId, tokenId: token.id }),
      () => router.refresh(),
    );
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="New API token" description="For scripts, CI and the touchstone CLI. Read tokens read data and results; write tokens can also import.">
        <form onSubmit={onCreate} className="space-y-4">
          <Field label="Name" htmlFor="token-name" hint="What will use it, so you know what breaks when you revoke it.">
            <Input id="token-name" name="name" required maxLength={100} placeholder="CI nightly eval" />
          </Field>
          <Field label="Scope" htmlFor="token-scope">
            <Select id="token-scope" name="scope" defaultValue="WRITE">
              <option value="WRITE">Write: import data, read results</option>
              <option value="READ">Read: read data and results only</option>
            </Select>
          </Field>
          {error && (
            <p className="text-sm text-red-700" role="alert">
              {error.text}
            </p>
          )}
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create token"}
          </Button>
        </form>
        {created && (
          <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3" role="status">
            <p className="text-sm font-medium text-amber-900">Copy the token “{created.name}” now: it is shown only once.</p>
            <div className="mt-2 flex items-center gap-2">
              <code className="min-w-0 flex-1 overflow-x-auto rounded bg-white px-2 py-1 font-mono text-xs" aria-label="New API token" data-testid="new-token">
                {created.secret}
              </code>
              <Button
                variant="secondary"
                onClick={async () => {
                  await navigator.clipboard?.writeText(created.secret).catch(() => {});
                  setCopied(true);
                }}
              >
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
          </div>
        )}
      </Card>

      <Card title="Tokens" description="Only a short prefix is kept in readable form; the token itself is stored as a hash.">
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-600">No tokens yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="API tokens">
            {tokens.map((token) => (
              <li key={token.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div className="min-w-0">
                  <p className="flex items-center gap-2 text-sm font-medium">
                    {token.name} <Badge tone={token.scope === "WRITE" ? "amber" : "neutral"}>{token.scope === "WRITE" ? "write" : "read"}</Badge>
                    {token.revoked && <Badge>revoked</Badge>}
                  </p>
                  <p className="text-xs text-slate-500">
                    <code className="font-mono">{token.prefix}…</code> · by {token.createdBy} on {token.createdAt} · {token.lastUsedAt ? `last used ${token.lastUsedAt} UTC` : "never used"}
                  </p>
                </div>
                {!token.revoked && (
                  <Button variant="danger" disabled={pending} aria-label={`Revoke ${token.name}`} onClick={() => onRevoke(token)}>
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
