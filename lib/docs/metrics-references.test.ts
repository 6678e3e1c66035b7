import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Help texts and comments cite docs/METRICS.md by anchor ("METRICS.md#cohens-kappa")
// or by section ("METRICS.md §2.4"). This test keeps every such citation pointing
// at a heading that exists, so renaming or dropping a section cannot leave a
// dashboard explaining a figure with a dead link.

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOC = "docs/METRICS.md";
const SCANNED = ["app", "components", "lib", "e2e", "docs"];
const SKIPPED = new Set(["node_modules", "generated", ".next"]);
const THIS_FILE = path.relative(ROOT, fileURLToPath(import.meta.url));

type Targets = { anchors: Set<string>; sections: Set<string>; duplicates: string[] };
type Reference = { file: string; line: number; kind: "anchor" | "section"; target: string };

/** GitHub's heading slug: lower case, punctuation dropped, spaces to hyphens. */
function githubSlug(text: string) {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string) {
  let fenced = false;
  return markdown.split("\n").flatMap((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) {
      fenced = !fenced;
      return [];
    }
    return fenced ? [] : [{ text, line: i + 1 }];
  });
}

/** Every anchor a heading provides (explicit `<a id>` and GitHub's slug) and every section number ("2", "2.4"). */
function headingTargets(markdown: string): Targets {
  const anchors = new Set<string>();
  const sections = new Set<string>();
  const duplicates: string[] = [];
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*)$/.exec(text);
    if (!heading) continue;
    const title = heading[1]!;
    for (const [, id] of title.matchAll(/<a\s+(?:id|name)="([^"]+)"\s*>\s*<\/a>/g)) {
      if (anchors.has(id!)) duplicates.push(id!);
      anchors.add(id!);
    }
    const plain = title.replace(/<[^>]*>/g, "").trim();
    anchors.add(githubSlug(plain));
    const number = /^(\d+(?:\.\d+)*)\.?\s/.exec(plain);
    if (number) {
      if (sections.has(number[1]!)) duplicates.push(`§${number[1]}`);
      sections.add(number[1]!);
    }
  }
  return { anchors, sections, duplicates };
}

/**
 * Citations of METRICS.md in a file: `METRICS.md#anchor`, and `METRICS.md §2.4`
 * with any list or range that follows ("§1–§4", "§2, §3"). Inside METRICS.md
 * itself, bare `§n` and `](#anchor)` links count too.
 */
function metricsReferences(file: string, text: string): Reference[] {
  const references: Reference[] = [];
  const selfReference = file === DOC;
  text.split("\n").forEach((content, i) => {
    const line = i + 1;
    for (const [, anchor] of content.matchAll(/METRICS\.md#([\p{L}\p{N}_-]+)/gu)) references.push({ file, line, kind: "anchor", target: anchor! });
    const sectionPattern = selfReference ? /§\s*(\d+(?:\.\d+)*)/g : /METRICS\.md\s*§\s*\d+(?:\.\d+)*(?:\s*(?:[–—-]|,|and|or)\s*§?\s*\d+(?:\.\d+)*)*/g;
    for (const match of content.matchAll(sectionPattern)) {
      for (const [, number] of match[0].matchAll(/(?:§\s*|[–—-]\s*|,\s*|and\s+|or\s+)(\d+(?:\.\d+)*)/g)) references.push({ file, line, kind: "section", target: number! });
    }
    if (selfReference) for (const [, anchor] of content.matchAll(/\]\(#([^)\s]+)\)/g)) references.push({ file, line, kind: "anchor", target: anchor! });
  });
  return references;
}

function brokenReferences(references: readonly Reference[], targets: Targets): Reference[] {
  return references.filter((ref) => !(ref.kind === "anchor" ? targets.anchors : targets.sections).has(ref.target));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.(tsx?|mjs|md)$/.test(entry.name) && relative !== THIS_FILE ? [relative] : [];
  });
}

describe("the METRICS.md reference checker", () => {
  const doc = [
    "# Metrics",
    "## 1. Consensus rule <a id=\"consensus\"></a>",
    "### 1.2 Ties",
    "```",
    "## 9. Inside a code block <a id=\"fenced\"></a>",
    "```",
  ].join("\n");

  it("collects explicit ids, GitHub slugs and section numbers from headings only", () => {
    const targets = headingTargets(doc);
    expect([...targets.anchors].sort()).toEqual(["1-consensus-rule", "12-ties", "consensus", "metrics"]);
    expect([...targets.sections].sort()).toEqual(["1", "1.2"]);
    expect(targets.duplicates).toEqual([]);
  });

  it("reports anchors and section numbers that no heading provides", () => {
    const code = [
      'hint="Share of units (docs/METRICS.md#consensus)."',
      "// METRICS.md §1.2 and METRICS.md#fenced",
      "// METRICS.md §1–§3, METRICS.md §1.2, 4",
    ].join("\n");
    const refs = metricsReferences("app/page.tsx", code);
    expect(refs.map((r) => `${r.kind}:${r.target}`)).toEqual(["anchor:consensus", "anchor:fenced", "section:1.2", "section:1", "section:3", "section:1.2", "section:4"]);
    expect(brokenReferences(refs, headingTargets(doc)).map((r) => `${r.line}:${r.target}`)).toEqual(["2:fenced", "3:3", "3:4"]);
  });

  it("finds the same id or section number given twice", () => {
    expect(headingTargets("## 2. A <a id=\"x\"></a>\n## 2. B <a id=\"x\"></a>").duplicates).toEqual(["x", "§2"]);
  });
});

describe(DOC, () => {
  const markdown = readFileSync(path.join(ROOT, DOC), "utf8");
  const targets = headingTargets(markdown);
  const references = SCANNED.flatMap(sourceFiles).flatMap((file) => metricsReferences(file, readFileSync(path.join(ROOT, file), "utf8")));

  it("gives each anchor and section number to one heading", () => {
    expect(targets.duplicates).toEqual([]);
  });

  it("has a section for every METRICS.md reference in the code and the docs", () => {
    // Guards against a scan that silently finds nothing (a moved folder, a changed spelling).
    expect(references.filter((ref) => ref.file.startsWith("app/")).length).toBeGreaterThan(10);
    expect(brokenReferences(references, targets).map((ref) => `${ref.file}:${ref.line} → ${ref.kind === "anchor" ? "#" : "§"}${ref.target}`)).toEqual([]);
  });
});
