import type { ImportKindName } from "./schemas";

// Upload options the screen can fill in for the admin (issue 15: no dead
// ends): the dataset when the project has only one, or for new items the
// file's name; the run of an outputs file from the file's name when no column
// names each row's run. Only empty fields are filled: what was typed stays.

export function fileStem(fileName: string) {
  return fileName.replace(/\.(jsonl|ndjson|json|csv)$/i, "");
}

export function prefilledOptions(input: {
  kind: ImportKindName;
  fileName: string;
  datasets: readonly string[];
  /** The field mapping: a mapped run column means each row names its run. */
  mapping: Record<string, string>;
  options: Record<string, string>;
}): Record<string, string> {
  const { kind, fileName, datasets, mapping, options } = input;
  const next = { ...options };
  const stem = fileStem(fileName);
  // What an earlier kind filled in from the file's name does not carry over:
  // a dataset named after an outputs file that no dataset has, a run name on a non-outputs upload.
  if (kind !== "ITEMS" && next.dataset === stem && !datasets.includes(stem)) delete next.dataset;
  if (kind !== "OUTPUTS" && next.run === stem) delete next.run;
  const empty = (key: string) => !next[key]?.trim();
  if (empty("dataset")) {
    if (kind === "ITEMS") next.dataset = stem;
    else if (datasets.length === 1) next.dataset = datasets[0]!;
  }
  if (kind === "OUTPUTS" && empty("run") && !mapping.run) next.run = stem;
  return next;
}
