import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChatTurns, parseChatTurns } from "@/components/output/chat-turns";
import { Markdown } from "@/components/output/markdown";
import { RetrievedContext, parseContext } from "@/components/output/retrieved-context";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { browseVersionItems } from "@/lib/datasets/browse";
import { browseQuerySchema, type BrowseQuery } from "@/lib/datasets/schemas";
import { SafeError } from "@/lib/errors";
import { requireProjectPage } from "@/lib/projects/access";

export const metadata: Metadata = { title: "Dataset version" };

type Browse = Awaited<ReturnType<typeof browseVersionItems>>;

export default async function DatasetVersionPage({ params, searchParams }: { params: Promise<{ projectId: string; versionId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId, versionId } = await params;
  await requireProjectPage(projectId, "datasets.read");
  const query = browseQuerySchema.parse(await searchParams);
  let browse: Browse;
  try {
    browse = await browseVersionItems(projectId, versionId, query);
  } catch (error) {
    if (error instanceof SafeError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const { version } = browse;
  const base = `/projects/${projectId}/datasets`;
  const pages = Math.max(1, Math.ceil(browse.total / browse.pageSize));
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${version.dataset.name} · version ${version.version}`}
        description={`${version.itemCount.toLocaleString("en")} items · uploaded ${version.createdAt.toISOString().slice(0, 10)} · ${version.runs.length === 1 ? "1 run" : `${version.runs.length} runs`}`}
        actions={
          <>
            {version.previous && (
              <ButtonLink variant="secondary" href={`${base}/diff?${new URLSearchParams({ from: version.previous.id, to: version.id })}`}>
                What changed since v{version.previous.version}
              </ButtonLink>
            )}
            <ButtonLink variant="secondary" href={base}>
              All data
            </ButtonLink>
          </>
        }
      />
      {version.note && (
        <p className="max-w-3xl rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
          <span className="font-medium text-slate-900">Version note: </span>
          {version.note}
        </p>
      )}
      <Card>
        <form method="get" className="grid gap-4 sm:grid-cols-[1fr_14rem_auto] sm:items-end" role="search" aria-label="Items of this version">
          <Field label="Search" htmlFor="browse-q" hint="External id, prompt, chat turns or reference.">
            <Input id="browse-q" name="q" type="search" defaultValue={query.q} placeholder="refund" />
          </Field>
          <Field label="Tag" htmlFor="browse-tag">
            <Select id="browse-tag" name="tag" defaultValue={query.tag}>
              <option value="">Any tag</option>
              {browse.tags.map((tag) => (
                <option key={tag} value={tag}>
                  {tag}
                </option>
              ))}
            </Select>
          </Field>
          <div>
            <Button type="submit">Search</Button>
          </div>
        </form>
      </Card>
      {browse.items.length === 0 ? (
        <EmptyState title={query.q || query.tag ? "No item matches" : "No items on this page"}>
          {query.q || query.tag ? "Try fewer words or another tag." : null}{" "}
          <Link href={`${base}/versions/${version.id}`} className="text-brand-700 underline">
            Show all items
          </Link>
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-600" role="status">
            {browse.total.toLocaleString("en")} {browse.total === 1 ? "item" : "items"}
            {query.q || query.tag ? " match" : ""} · page {query.page} of {pages}
          </p>
          <ol className="space-y-4" aria-label="Items">
            {browse.items.map((item) => (
              <ItemCard key={item.id} item={item} runs={version.runs} />
            ))}
          </ol>
          <Pager base={`${base}/versions/${version.id}`} query={query} pages={pages} />
        </>
      )}
    </div>
  );
}

function ItemCard({ item, runs }: { item: Browse["items"][number]; runs: Browse["version"]["runs"] }) {
  const chat = parseChatTurns(item.inputTurns);
  const context = parseContext(item.context);
  return (
    <li className="rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="browse-item">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-5 py-3">
        <h2 className="font-mono text-sm font-semibold text-slate-900">{item.externalId}</h2>
        <div className="flex flex-wrap gap-1">
          {item.tags.map((tag) => (
            <Badge key={tag}>{tag}</Badge>
          ))}
          {item.group && <Badge tone="brand">group {item.group}</Badge>}
        </div>
      </div>
      <div className="space-y-3 px-5 py-4">
        {chat.length > 0 ? <ChatTurns turns={chat} label={`Input of ${item.externalId}`} /> : <Markdown>{item.inputText ?? ""}</Markdown>}
        <RetrievedContext documents={context} />
        {item.reference && (
          <div>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">Reference</h3>
            <Markdown>{item.reference}</Markdown>
          </div>
        )}
        {runs.length > 0 && (
          <details className="rounded-md border border-slate-200">
            <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-800">
              Outputs ({item.outputs.length} from {runs.length === 1 ? "1 run" : `${runs.length} runs`})
            </summary>
            <div className="grid gap-3 border-t border-slate-100 p-3 md:grid-cols-2">
              {runs.map((run) => {
                const outputs = item.outputs.filter((output) => output.runId === run.id);
                return (
                  <section key={run.id} aria-label={`Output of ${run.name}`} className="min-w-0">
                    <h3 className="text-sm font-semibold text-slate-900">
                      {run.name} <span className="font-mono text-xs font-normal text-slate-600">{run.model}</span>
                    </h3>
                    {outputs.length === 0 ? (
                      <p className="text-sm italic text-slate-600">No output for this item.</p>
                    ) : (
                      outputs.map((output) => (
                        <div key={output.id}>
                          {outputs.length > 1 && <p className="mt-2 text-xs font-medium text-slate-600">Turn {output.turn}</p>}
                          <Markdown>{output.content}</Markdown>
                        </div>
                      ))
                    )}
                  </section>
                );
              })}
            </div>
          </details>
        )}
      </div>
    </li>
  );
}

function Pager({ base, query, pages }: { base: string; query: BrowseQuery; pages: number }) {
  if (pages <= 1) return null;
  const href = (page: number) => `${base}?${new URLSearchParams({ ...(query.q && { q: query.q }), ...(query.tag && { tag: query.tag }), page: String(page) })}`;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between text-sm">
      {query.page > 1 ? (
        <Link href={href(query.page - 1)} className="text-brand-700 underline">
          ← Previous page
        </Link>
      ) : (
        <span />
      )}
      {query.page < pages && (
        <Link href={href(query.page + 1)} className="text-brand-700 underline">
          Next page →
        </Link>
      )}
    </nav>
  );
}
