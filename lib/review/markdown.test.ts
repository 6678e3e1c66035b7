import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AgentTrace } from "@/components/output/agent-trace";
import { ChatTurns } from "@/components/output/chat-turns";
import { Markdown } from "@/components/output/markdown";

// The renderer lives in components/output; its safety is tested here because
// the unit tier only collects lib/**/*.test.ts.
const render = (source: string) => renderToStaticMarkup(createElement(Markdown, null, source));

describe("Markdown (untrusted model output)", () => {
  it("never emits script tags or event handlers", () => {
    const html = render('Hi <script>window.pwned = 1</script> <img src=x onerror="window.pwned=1"> <b onclick="x()">bold</b>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror/i);
    expect(html).not.toMatch(/onclick/i);
    expect(html).not.toMatch(/<img/i);
  });

  it("drops javascript: URLs in links", () => {
    const html = render("[click](javascript:alert(1)) and [ok](https://example.com)");
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it("renders GFM tables and highlighted code", () => {
    const html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nconst x = 1;\n```");
    expect(html).toContain("<table");
    expect(html).toContain(`<td dir="auto">1</td>`);
    expect(html).toMatch(/class="hljs-keyword"/);
  });

  it("shows markdown images as links, never loads them", () => {
    const html = render("![chart](https://tracker.example/pixel.png)");
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("[image: chart]");
  });

  it("sanitises chat turns and trace payloads too", () => {
    const chat = renderToStaticMarkup(createElement(ChatTurns, { turns: [{ role: "user", content: "<iframe src=x></iframe>hello" }] }));
    expect(chat).not.toMatch(/<iframe/i);
    const trace = renderToStaticMarkup(createElement(AgentTrace, { steps: [{ type: "tool", name: "search", input: { q: "<script>" }, output: "<svg onload=alert(1)>" }] }));
    expect(trace).not.toMatch(/<script|<svg|onload=/i);
  });
});
