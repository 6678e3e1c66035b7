import { createElement, type ReactNode } from "react";
import type { Components } from "react-markdown";
import ReactMarkdown from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

// Model output is untrusted. Raw HTML in the markdown is never parsed into
// elements (no rehype-raw): react-markdown drops it, rehype-sanitize then
// strips anything outside GitHub's allow-list (event handlers, javascript:
// URLs, iframes, styles), and highlighting runs last so its classes survive.
const REHYPE_PLUGINS = [rehypeSanitize, [rehypeHighlight, { detect: false, ignoreMissing: true }]] as const;
const REMARK_PLUGINS = [remarkGfm];

type BlockTag = "p" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "td" | "th" | "ul" | "ol";

const COMPONENTS: Components = {
  // Links leave the app in a new tab, without referrer or opener.
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-brand-700 underline">
      {children}
    </a>
  ),
  // Images in model output would load from anywhere (tracking pixels, huge
  // files); they are shown as a link the reviewer can choose to open.
  img: ({ src, alt }) =>
    typeof src === "string" && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer nofollow" className="text-brand-700 underline">
        [image{alt ? `: ${alt}` : ""}]
      </a>
    ) : (
      <span>[image{alt ? `: ${alt}` : ""}]</span>
    ),
  // Wide tables and long code lines scroll sideways; tabIndex lets a keyboard
  // user focus the region and scroll it with the arrow keys (WCAG 2.1.1; the
  // focus ring is the app's global :focus-visible style).
  table: ({ children }) => (
    <div tabIndex={0} className="my-3 overflow-x-auto">
      <table className="min-w-full border-collapse text-start text-sm">{children}</table>
    </div>
  ),
  pre: ({ children }) => (
    <pre tabIndex={0} dir="ltr">
      {children}
    </pre>
  ),
  // Each block takes its direction from its own first strong character, so an
  // Arabic or Hebrew paragraph reads right to left beside an English one.
  ...blocksWithAutoDirection(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "ul", "ol"]),
};

function blocksWithAutoDirection(tags: readonly BlockTag[]): Components {
  // createElement: a JSX tag drawn from a union of element names is too complex for TypeScript.
  // The hast node react-markdown passes is not a DOM attribute; the rest (a cell's alignment) is kept.
  return Object.fromEntries(tags.map((tag) => [tag, ({ node: _node, ...props }: { node?: unknown; children?: ReactNode }) => createElement(tag, { ...props, dir: "auto" })]));
}

// Typography without a plugin: descendant selectors keep the styles local.
export const PROSE = [
  "text-sm leading-relaxed text-slate-800 break-words",
  "[&_p]:my-2 [&_ul]:my-2 [&_ul]:list-disc [&_ul]:ps-5 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:ps-5 [&_li]:my-0.5",
  "[&_h1]:mt-3 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:mt-3 [&_h2]:text-base [&_h2]:font-semibold [&_h3]:mt-3 [&_h3]:font-semibold [&_h4]:font-semibold",
  "[&_blockquote]:border-s-4 [&_blockquote]:border-slate-200 [&_blockquote]:ps-3 [&_blockquote]:text-slate-600",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.85em]",
  "[&_pre]:my-3 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-slate-900 [&_pre]:p-3 [&_pre]:text-slate-100",
  "[&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_pre_code]:text-slate-100",
  "[&_th]:border [&_th]:border-slate-200 [&_th]:bg-slate-50 [&_th]:px-2 [&_th]:py-1 [&_td]:border [&_td]:border-slate-200 [&_td]:px-2 [&_td]:py-1",
  "[&_hr]:my-3 [&_hr]:border-slate-200",
  // highlight.js token colours, readable on the dark code background (AA contrast).
  "[&_.hljs-keyword]:text-sky-300 [&_.hljs-built\\_in]:text-sky-300 [&_.hljs-string]:text-emerald-300 [&_.hljs-number]:text-amber-300",
  "[&_.hljs-comment]:text-slate-400 [&_.hljs-title]:text-violet-300 [&_.hljs-attr]:text-amber-200 [&_.hljs-literal]:text-amber-300 [&_.hljs-meta]:text-slate-300",
].join(" ");

/** Renders untrusted markdown (GFM tables, highlighted code) as inert, sanitised HTML. */
export function Markdown({ children, className = "" }: { children: string; className?: string }) {
  return (
    <div className={`${PROSE} ${className}`}>
      <ReactMarkdown
        remarkPlugins={REMARK_PLUGINS}
        rehypePlugins={REHYPE_PLUGINS as never}
        skipHtml
        components={COMPONENTS}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
