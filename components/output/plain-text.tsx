/**
 * Untrusted text shown exactly as it is (a prompt preview, a judge's raw
 * answer): no markdown, no links, whitespace kept; React escapes it.
 */
export function PlainText({ children, label, maxHeight = "24rem" }: { children: string; label?: string; maxHeight?: string }) {
  return (
    <pre aria-label={label} className="overflow-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs leading-relaxed text-slate-800" style={{ maxHeight }}>
      {children}
    </pre>
  );
}
