import { Markdown } from "./markdown";

export type ContextDocument = { id?: string; title?: string; content: string };

export function parseContext(value: unknown): ContextDocument[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((doc) =>
    doc && typeof doc === "object" && typeof (doc as ContextDocument).content === "string"
      ? [{
          id: typeof (doc as ContextDocument).id === "string" ? (doc as ContextDocument).id : undefined,
          title: typeof (doc as ContextDocument).title === "string" ? (doc as ContextDocument).title : undefined,
          content: (doc as ContextDocument).content,
        }]
      : [],
  );
}

/** Retrieved documents of a RAG item, collapsed by default so the prompt stays readable. */
export function RetrievedContext({ documents, defaultOpen = false }: { documents: ContextDocument[]; defaultOpen?: boolean }) {
  if (documents.length === 0) return null;
  return (
    <details open={defaultOpen} className="group rounded-md border border-slate-200 bg-white">
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-800">
        Retrieved context ({documents.length} {documents.length === 1 ? "document" : "documents"})
      </summary>
      <ol className="space-y-3 border-t border-slate-100 px-3 py-3">
        {documents.map((doc, index) => (
          <li key={doc.id ?? index}>
            <p className="text-xs font-semibold text-slate-700">
              [{index + 1}] {doc.title ?? doc.id ?? "Untitled document"}
            </p>
            <Markdown className="mt-1 text-slate-700">{doc.content}</Markdown>
          </li>
        ))}
      </ol>
    </details>
  );
}
