import fs from "node:fs/promises";
import path from "node:path";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { PROSE } from "@/components/output/markdown";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "How every figure is computed" };

// docs/METRICS.md, served to signed-in users so the help text beside each
// figure can link to its definition (the same typography as model output,
// but trusted text: links stay in the app). Headings carry their anchors as
// `<a id="…"></a>`; raw HTML is not rendered, so the anchor becomes a {#id}
// marker that the heading turns into its own id.
const ANCHOR = /\s*<a id="([a-z0-9-]+)"><\/a>/g;
const MARKER = /\s*\{#([a-z0-9-]+)\}\s*$/;

function withId(Tag: "h1" | "h2" | "h3" | "h4", className: string) {
  return function Heading({ children }: { children?: ReactNode }) {
    const items = Array.isArray(children) ? [...children] : [children];
    const lastText = items[items.length - 1];
    const match = typeof lastText === "string" ? MARKER.exec(lastText) : null;
    if (match) items[items.length - 1] = (lastText as string).replace(MARKER, "");
    return (
      <Tag id={match?.[1]} className={`scroll-mt-20 ${className}`}>
        {items}
      </Tag>
    );
  };
}

const COMPONENTS: Components = {
  h1: withId("h1", "text-2xl font-semibold"),
  h2: withId("h2", "mt-8 border-b border-slate-200 pb-1 text-xl font-semibold"),
  h3: withId("h3", "mt-6 text-base font-semibold"),
  h4: withId("h4", "mt-4 text-sm font-semibold"),
  table: ({ children }) => (
    <div tabIndex={0} className="my-3 overflow-x-auto">
      <table className="min-w-full border-collapse text-left text-sm">{children}</table>
    </div>
  ),
};

export default async function MetricsHelpPage() {
  const text = await fs.readFile(path.join(process.cwd(), "docs", "METRICS.md"), "utf8");
  return (
    <Card>
      <article className={`${PROSE} max-w-4xl`}>
        <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={COMPONENTS}>
          {text.replace(ANCHOR, (_, id: string) => ` {#${id}}`)}
        </ReactMarkdown>
      </article>
    </Card>
  );
}
