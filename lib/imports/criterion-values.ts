import { FACTUALITY_OPTIONS } from "@/lib/rubrics/schemas";
import type { CriterionInfo } from "./lookups";

// Checks one score or label against its criterion's kind and settings and
// returns what to store (value or category), or the reason it cannot be.

export type Judgment = { value: number | null; category: string | null };

const TRUTHY = new Set(["1", "true", "pass", "yes", "y"]);
const FALSY = new Set(["0", "false", "fail", "no", "n"]);

export function checkPointwise(criterion: CriterionInfo, value: number | undefined, category: string | undefined): Judgment | { error: string; field: string } {
  const key = criterion.key;
  switch (criterion.kind) {
    case "LIKERT": {
      const min = Number(criterion.config.min ?? 1);
      const max = Number(criterion.config.max ?? 5);
      const v = value ?? (category !== undefined && category.trim() !== "" && Number.isFinite(Number(category)) ? Number(category) : undefined);
      if (v === undefined) return { field: "value", error: `Required: ${key} is a ${min}–${max} scale, so value must be a number.` };
      if (!Number.isInteger(v) || v < min || v > max) return { field: "value", error: `${v} is outside ${key}'s range ${min}–${max} (whole numbers).` };
      return { value: v, category: null };
    }
    case "BINARY": {
      if (value !== undefined) {
        if (value !== 0 && value !== 1) return { field: "value", error: `${value} is not a pass/fail score for ${key}: use 1 (pass) or 0 (fail).` };
        return { value, category: null };
      }
      const c = category?.trim().toLowerCase();
      if (c && TRUTHY.has(c)) return { value: 1, category: null };
      if (c && FALSY.has(c)) return { value: 0, category: null };
      return { field: category ? "category" : "value", error: `Required: ${key} is pass/fail: value 1 or 0 (or category pass/fail).` };
    }
    case "CATEGORICAL": {
      const options = Array.isArray(criterion.config.options) ? (criterion.config.options as string[]) : [];
      const c = category?.trim();
      const match = c === undefined ? undefined : (options.find((o) => o === c) ?? options.find((o) => o.toLowerCase() === c.toLowerCase()));
      if (!match) return { field: "category", error: c ? `"${c}" is not an option of ${key} (${options.join(", ")}).` : `Required: category, one of ${options.join(", ")}.` };
      return { value: null, category: match };
    }
    case "FACTUALITY": {
      const c = category?.trim().toLowerCase().replace(/[\s-]+/g, "_");
      if (!c || !(FACTUALITY_OPTIONS as readonly string[]).includes(c)) {
        return { field: "category", error: category ? `"${category}" is not a factuality verdict (correct, incorrect, not_attempted).` : "Required: category is correct, incorrect or not_attempted." };
      }
      return { value: null, category: c };
    }
    case "RANKING": {
      if (value === undefined || !Number.isInteger(value) || value < 1) return { field: "value", error: `${key} is a ranking: value is the position, a whole number from 1 (best).` };
      return { value, category: null };
    }
    default:
      return { field: "criterion", error: `${key} is a preference (judged on pairs): give runA, runB and a verdict instead.` };
  }
}
