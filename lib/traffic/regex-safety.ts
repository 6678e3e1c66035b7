import vm from "node:vm";

// Masking rules are regular expressions typed by an admin and run on every
// text of every traffic row, on the request path. JavaScript's regex engine
// backtracks, so a pattern such as (a+)+$ can take exponential time on a
// short input and stall the server for every project. A rule is therefore
// refused when
//   - it does not compile,
//   - it uses a back-reference (matching one is NP-hard in general),
//   - a repeated group itself contains a repetition ("star height" > 1, the
//     shape behind nearly every catastrophic pattern), or
//   - it still takes more than TRIAL_MS on probe inputs built from its own
//     characters (overlapping alternatives such as (a|a)* slip past the
//     shape check; V8 can interrupt a running regex, so the trial is bounded).

const TRIAL_MS = 100;
// Long enough for exponential patterns to blow up many times over, short
// enough that a merely quadratic one (an e-mail pattern on a run of letters)
// finishes in a few milliseconds.
const PROBE_LENGTH = 1000;

/** Why `pattern` is refused, in plain words, or null when it is safe to run. */
export function unsafeRegexReason(pattern: string, flags: string): string | null {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags + "g");
  } catch (error) {
    return `it is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, "")})`;
  }
  if (/\\[1-9]|\\k</.test(stripClasses(pattern))) return "it uses a back-reference (\\1, \\k<name>), which can take exponential time";
  if (hasNestedRepetition(pattern)) return "a repeated group contains another repetition, e.g. (a+)+, which can take exponential time on some inputs";
  if (slowOnProbes(regex, pattern)) return `it takes longer than ${TRIAL_MS} ms on a ${PROBE_LENGTH}-character test input (catastrophic backtracking)`;
  return null;
}

/** The pattern with character classes blanked out, so "[\\1]" is not read as a back-reference. */
function stripClasses(pattern: string) {
  return pattern.replace(/\\.|\[(?:\\.|[^\]\\])*\]/g, (match) => (match.startsWith("[") ? "x" : match));
}

function hasNestedRepetition(pattern: string): boolean {
  // One frame per open group: whether a repetition occurs inside it.
  const frames: boolean[] = [false];
  let lastGroupRepeats = false;
  let lastWasGroup = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\") {
      i++;
      lastWasGroup = false;
      continue;
    }
    if (ch === "[") {
      for (i++; i < pattern.length && pattern[i] !== "]"; i++) if (pattern[i] === "\\") i++;
      lastWasGroup = false;
      continue;
    }
    if (ch === "(") {
      // (?:, (?=, (?!, (?<=, (?<!, (?<name>: the ? opens the group, it repeats nothing.
      const prefix = /^\(\?(?:<[=!]|<[^>]*>|[:=!])/.exec(pattern.slice(i));
      if (prefix) i += prefix[0].length - 1;
      frames.push(false);
      lastWasGroup = false;
      continue;
    }
    if (ch === ")") {
      const inner = frames.pop() ?? false;
      if (frames.length === 0) frames.push(false);
      lastGroupRepeats = inner;
      lastWasGroup = true;
      if (inner) frames[frames.length - 1] = true;
      continue;
    }
    const quantifier = readQuantifier(pattern.slice(i));
    if (quantifier) {
      // Exponential: a group that can match in several ways (it holds a
      // variable repetition) repeated many times. Fixed counts such as
      // (\d{4}[ -]?){3} stay polynomial.
      if (lastWasGroup && lastGroupRepeats && quantifier.many) return true;
      if (quantifier.variable) frames[frames.length - 1] = true;
    }
    lastWasGroup = false;
  }
  return false;
}

/** The quantifier starting `rest`: whether its count varies, and whether it may repeat many (> 10) times. */
function readQuantifier(rest: string): { variable: boolean; many: boolean } | null {
  if (rest[0] === "*" || rest[0] === "+") return { variable: true, many: true };
  if (rest[0] === "?") return { variable: true, many: false };
  const match = /^\{(\d+)(,?)(\d*)\}/.exec(rest);
  if (!match) return null;
  const min = Number(match[1]);
  const max = match[2] === "" ? min : match[3] === "" ? Infinity : Number(match[3]);
  return { variable: max > min, many: max > 10 };
}

function slowOnProbes(regex: RegExp, pattern: string): boolean {
  const characters = new Set([..."a1 .-_@x", ...pattern.replace(/[\\()[\]{}*+?|^$]/g, "")]);
  const probes = [...characters].slice(0, 24).flatMap((ch) => [ch.repeat(PROBE_LENGTH) + "\u0001", ch.repeat(PROBE_LENGTH)]);
  probes.push("a1 ".repeat(PROBE_LENGTH / 3) + "!");
  const context = vm.createContext({ regex, probe: "" });
  const script = new vm.Script("regex.lastIndex = 0; probe.replace(regex, '')");
  const finishes = (probe: string) => {
    context.probe = probe;
    try {
      script.runInContext(context, { timeout: TRIAL_MS });
      return true;
    } catch {
      return false;
    }
  };
  // The timeout is wall-clock time: on a loaded machine even a trivial probe
  // may miss it once, so a pattern is refused only when it misses three times.
  return probes.some((probe) => !finishes(probe) && !finishes(probe) && !finishes(probe));
}
