import type { ImportKindName } from "./schemas";

// Upload options the screen can fill in for the admin (issue 15: no dead
// ends): the dataset when the project has only one, or for new items the
// file's name; the run of an outputs file from the file's name when no column
// names each row's run. Only empty fields are filled, and what an earlier
// file or kind filled in (and nobody has edited since) is filled afresh:
// what was typed stays.

export function fileStem(fileName: string) {
  return fileName.replace(/\.(jsonl|ndjson|json|csv)$/i, "");
}

export type Prefill = { options: Record<string, string>; /** What this call filled in, to hand back as `filledBefore` next time. */ filled: Record<string, string> };

export function prefilledOptions(input: {
  kind: ImportKindName;
  fileName: string;
  datasets: readonly string[];
  /** The field mapping: a mapped run column means each row names its run. */
  mapping: Record<string, string>;
  options: Record<string, string>;
  filledBefore?: Record<string, string>;
}): Prefill {
  const { kind, fileName, datasets, mapping } = input;
  const options = { ...input.options };
  for (const [key, value] of Object.entries(input.filledBefore ?? {})) if (options[key] === value) delete options[key];
  const filled: Record<string, string> = {};
  const fill = (key: string, value: string) => {
    if (options[key]?.trim()) return;
    options[key] = value;
    filled[key] = value;
  };
  const stem = fileStem(fileName);
  if (kind === "ITEMS") fill("dataset", stem);
  else if (datasets.length === 1) fill("dataset", datasets[0]!);
  if (kind === "OUTPUTS" && !mapping.run) fill("run", stem);
  return { options, filled };
}
