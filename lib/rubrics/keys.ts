// Criterion keys. A key names a criterion across rubric versions: dashboards,
// exports and comparisons match criteria of different versions by key, so a
// key is made once from the criterion's name and then kept. Shared by the
// editor (browser) and the save schema (server).

export const CRITERION_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;
export const CRITERION_KEY_MAX = 60;

/**
 * The key a name suggests: "Factual accuracy" → "factual_accuracy". Accents
 * are dropped, every other run of characters that is not a letter or digit
 * becomes one "_"; a name starting with a digit gets a "c_" prefix (keys start
 * with a letter). "" when the name has no Latin letter or digit to use.
 */
export function keyFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) return "";
  return trimKey(/^[0-9]/.test(slug) ? `c_${slug}` : slug, CRITERION_KEY_MAX);
}

/** `base`, or `base_2`, `base_3`… when another criterion of the rubric already has it. */
export function uniqueKey(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${trimKey(base, CRITERION_KEY_MAX - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}

function trimKey(key: string, max: number): string {
  return key.slice(0, max).replace(/_+$/, "");
}

/** The key a criterion named `name` gets among the rubric's other keys ("" when the name gives none). */
export function suggestedKey(name: string, otherKeys: Iterable<string>): string {
  const base = keyFromName(name);
  return base ? uniqueKey(base, otherKeys) : "";
}

/**
 * The key after a criterion is renamed in the editor. A saved criterion keeps
 * its key (renaming it would start a new series). A new one follows its name
 * while its key is blank or still the one its old name suggested; once typed
 * by hand, the key stays.
 */
export function keyAfterRename(criterion: { key: string; name: string; savedKey?: string }, name: string, otherKeys: readonly string[]): string {
  if (criterion.savedKey !== undefined) return criterion.key;
  const follows = criterion.key === "" || criterion.key === suggestedKey(criterion.name, otherKeys);
  return follows ? suggestedKey(name, otherKeys) : criterion.key;
}

/** How people refer to a criterion in messages: its position, and its name when it has one. */
export function criterionLabel(index: number, name: string | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? `Criterion ${index + 1} "${trimmed}"` : `Criterion ${index + 1}`;
}

/**
 * The warning for a key edit: the criterion was saved under `originalKey`,
 * and `seriesKeys` are the keys that already have a history (earlier versions,
 * or the current one once it holds labels or scores). Null when nothing splits.
 */
export function keyRenameWarning(originalKey: string | undefined, key: string, seriesKeys: ReadonlySet<string>): string | null {
  if (!originalKey || originalKey === key || !seriesKeys.has(originalKey)) return null;
  return `Changing the key from "${originalKey}" starts a new series: dashboards and comparisons match criteria across versions by key, so earlier labels and scores stay under "${originalKey}".`;
}
