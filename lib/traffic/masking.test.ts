import { describe, expect, it } from "vitest";
import { SafeError } from "@/lib/errors";
import { checkMaskingRules, compileMaskingRules, maskText } from "./masking";
import { unsafeRegexReason } from "./regex-safety";

describe("masking rules", () => {
  it("accepts ordinary patterns, including merely quadratic ones", () => {
    for (const pattern of ["\\d{3}-\\d{4}", "[\\w.+-]+@[\\w-]+\\.[\\w.]+", "sk-[A-Za-z0-9]{20,}", "(?:\\d{4}[ -]?){3}\\d{4}"]) {
      expect(unsafeRegexReason(pattern, ""), pattern).toBeNull();
    }
  });

  it("refuses patterns that do not compile or can backtrack exponentially, saying why", () => {
    expect(unsafeRegexReason("foo(", "")).toMatch(/not a valid regular expression/);
    expect(unsafeRegexReason("(a+)+$", "")).toMatch(/repeated group contains another repetition/);
    expect(unsafeRegexReason("(\\w+\\s?)*$", "")).toMatch(/repeated group/);
    expect(unsafeRegexReason("(a)\\1", "")).toMatch(/back-reference/);
    // Overlapping alternatives pass the shape check; the bounded trial catches them.
    expect(unsafeRegexReason("(?:a|aa)+$", "")).toMatch(/catastrophic backtracking/);
    expect(unsafeRegexReason("[\\1]x", "")).toBeNull();
  });

  it("names the refused rule by number", () => {
    const error = (() => {
      try {
        checkMaskingRules([{ pattern: "ok", flags: "", replacement: "x" }, { pattern: "(x+)+y", flags: "", replacement: "x" }]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SafeError);
    expect((error as SafeError).issues).toEqual([{ field: "maskingRules.1.pattern", message: expect.stringMatching(/^Rule 2 \(\(x\+\)\+y\) is refused: /) }]);
  });

  it("applies every rule, every occurrence, in order", () => {
    const rules = compileMaskingRules([
      { pattern: "\\d+", flags: "", replacement: "#" },
      { pattern: "secret", flags: "i", replacement: "[x]" },
    ]);
    expect(maskText("SECRET 12 and 345, secret", rules)).toBe("[x] # and #, [x]");
    // The same compiled rules run again (lastIndex reset).
    expect(maskText("7 secret", rules)).toBe("# [x]");
  });
});

describe("the shape check", () => {
  it("reads group prefixes and fixed counts as no repetition", () => {
    for (const pattern of ["(?:abc)+", "(?<word>ab)+", "(?=x)(?:y)*", "(ab){2}x", "(a|b)*c"]) expect(unsafeRegexReason(pattern, ""), pattern).toBeNull();
    for (const pattern of ["(?:a+)+b", "(?<n>a*)*b", "(a{1,5}){1,50}b"]) expect(unsafeRegexReason(pattern, ""), pattern).toMatch(/repeated group/);
  });
});
