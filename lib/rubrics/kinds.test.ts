import { describe, expect, it } from "vitest";
import { describeCriterion, isLevel, parseCode } from "@/lib/agreement/criteria";
import { agreementFigures, ceilingFigures, tableFromRows } from "@/lib/agreement/figures";
import { answerIssue, buildLabelValues, criterionFitsMode, defaultCriterionKinds, fieldChoices, type Field } from "@/lib/review/fields";
import { cohenKappa, kendallTauB, krippendorffAlpha, linConcordance, pearson, spearman } from "@/lib/stats/agreement";
import { meanAbsoluteError } from "@/lib/stats/descriptive";
import { CRITERION_KINDS, criterionKind, describePassRule, KIND_LABELS, parseCriterionConfig, passes, POINTWISE_KINDS, PREFERENCE_VERDICTS, type CriterionKindName } from "./kinds";
import { saveRubricSchema } from "./schemas";

// The criterion-kind registry, kind by kind: import check, answer check, pass
// rule and the agreement figures that apply.

const CONFIGS: Record<CriterionKindName, Record<string, unknown>> = {
  LIKERT: { min: 1, max: 10, anchors: Array.from({ length: 10 }, () => "") },
  BINARY: {},
  CATEGORICAL: { options: ["good", "bad", "ugly"], pass: { categories: ["good"] } },
  PREFERENCE: {},
  RANKING: {},
  FACTUALITY: {},
  SCORE: { min: 0, max: 10, step: 0.5 },
};

const kind = (name: CriterionKindName, config: unknown = CONFIGS[name]) => criterionKind(name, config);
const field = (name: CriterionKindName, config: unknown = CONFIGS[name]): Field => ({
  id: `c-${name}@o1`,
  outputId: "o1",
  criterion: { id: `c-${name}`, key: name.toLowerCase(), name, description: "", kind: name, required: true, config },
});

describe("the registry", () => {
  it("declares every kind once, with a label, and validates its config as the rubric editor sends it", () => {
    expect(Object.keys(KIND_LABELS)).toEqual([...CRITERION_KINDS]);
    for (const name of CRITERION_KINDS) expect(parseCriterionConfig(name, CONFIGS[name]).success).toBe(true);
    const parsed = saveRubricSchema.safeParse({ projectId: "p", name: "R", criteria: CRITERION_KINDS.map((name) => ({ key: name.toLowerCase(), name, kind: name, config: CONFIGS[name] })) });
    expect(parsed.success).toBe(true);
  });

  it("names the config field that is wrong, per kind (one discriminated union)", () => {
    const issues = (criteria: unknown[]) => saveRubricSchema.safeParse({ projectId: "p", name: "R", criteria }).error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues([{ key: "s", name: "S", kind: "SCORE", config: { min: 1, max: 0.5 } }])).toEqual(["criteria.0.config.max: Criterion 1 \"S\": max must be greater than min."]);
    expect(issues([{ key: "s", name: "S", kind: "SCORE", config: { min: 0, max: 1, pass: { threshold: 1.5 } } }])).toEqual(["criteria.0.config.pass.threshold: Criterion 1 \"S\": the pass threshold must lie within the range."]);
    expect(issues([{ key: "c", name: "C", kind: "CATEGORICAL", config: { options: ["a", "b"], pass: { categories: ["z"] } } }])).toEqual(["criteria.0.config.pass.categories: Criterion 1 \"C\": pass categories must be options of the criterion."]);
    expect(issues([{ key: "l", name: "L", kind: "LIKERT" }])).toContain("criteria.0.config.min: Criterion 1 \"L\": invalid input: expected number, received undefined");
    expect(issues([{ key: "x", name: "X", kind: "NOPE" }])[0]).toMatch(/^criteria\.0\.kind/);
  });

  it("groups kinds by what a judgment is about, which decides the review modes", () => {
    expect(POINTWISE_KINDS).toEqual(["LIKERT", "BINARY", "CATEGORICAL", "FACTUALITY", "SCORE"]);
    expect(defaultCriterionKinds("PAIRWISE")).toEqual(["PREFERENCE", ...POINTWISE_KINDS]);
    expect(defaultCriterionKinds("RANKING")).toEqual(["RANKING"]);
    expect(criterionFitsMode("SCORE", "SINGLE")).toBe(true);
    expect(criterionFitsMode("PREFERENCE", "SINGLE")).toBe(false);
    expect(criterionFitsMode("RANKING", "PAIRWISE")).toBe(false);
  });

  it("reads a stored config that does not parse as the kind's fallback, never throwing", () => {
    expect(kind("LIKERT", { min: "one" }).config).toMatchObject({ min: 1, max: 5 });
    expect(kind("SCORE", null).config).toMatchObject({ min: 0, max: 10 });
    // Hand-written Likert configs may leave anchors out.
    expect(kind("LIKERT", { min: 1, max: 7 }).passRule()).toEqual({ threshold: 4 });
  });
});

describe("import checks", () => {
  const check = (name: CriterionKindName, raw: { value?: number; category?: string }, config?: unknown) => kind(name, config).importCheck(name.toLowerCase(), raw);

  it("LIKERT takes whole levels in range; 8.5 is refused with 'whole numbers only', not 'outside range'", () => {
    expect(check("LIKERT", { value: 8 })).toEqual({ value: 8, category: null });
    expect(check("LIKERT", { category: "7" })).toEqual({ value: 7, category: null });
    const fractional = check("LIKERT", { value: 8.5 });
    expect(fractional).toEqual({ field: "value", error: "8.5 is not a level of likert: whole numbers only (1–10)." });
    expect(JSON.stringify(fractional)).not.toContain("outside");
    expect(check("LIKERT", { value: 11 })).toMatchObject({ field: "value", error: "11 is outside likert's range 1–10 (whole numbers)." });
  });

  it("SCORE takes real values in range (8.5 on 0–10, 0.73 on 0–1) and names the range otherwise", () => {
    expect(check("SCORE", { value: 8.5 })).toEqual({ value: 8.5, category: null });
    expect(check("SCORE", { category: " 9.25 " })).toEqual({ value: 9.25, category: null });
    expect(check("SCORE", { value: 0.73 }, { min: 0, max: 1 })).toEqual({ value: 0.73, category: null });
    expect(check("SCORE", { value: 1.2 }, { min: 0, max: 1 })).toEqual({ field: "value", error: "1.2 is outside score's range 0–1." });
    expect(check("SCORE", {})).toMatchObject({ field: "value", error: expect.stringContaining("a score from 0 to 10") });
  });

  it("BINARY, CATEGORICAL, FACTUALITY, RANKING and PREFERENCE", () => {
    expect(check("BINARY", { category: "yes" })).toEqual({ value: 1, category: null });
    expect(check("BINARY", { value: 0.5 })).toMatchObject({ field: "value" });
    expect(check("CATEGORICAL", { category: "GOOD" })).toEqual({ value: null, category: "good" });
    expect(check("CATEGORICAL", { category: "meh" })).toMatchObject({ field: "category", error: expect.stringContaining("good, bad, ugly") });
    expect(check("FACTUALITY", { category: "Not attempted" })).toEqual({ value: null, category: "not_attempted" });
    expect(check("RANKING", { value: 2 })).toEqual({ value: 2, category: null });
    expect(check("RANKING", { value: 0 })).toMatchObject({ field: "value" });
    expect(check("PREFERENCE", { category: "A" })).toMatchObject({ field: "criterion", error: expect.stringContaining("judged on pairs") });
  });
});

describe("answer checks (the review form and the server)", () => {
  const issue = (name: CriterionKindName, answer: Parameters<typeof answerIssue>[1], outputs: string[] = []) => answerIssue(field(name), answer, outputs);

  it("LIKERT refuses 8.5 with 'whole numbers only'; SCORE accepts it and checks the range", () => {
    expect(issue("LIKERT", { kind: "score", value: 8 })).toBeNull();
    expect(issue("LIKERT", { kind: "score", value: 8.5 })).toBe("8.5 is not a level: whole numbers only, from 1 to 10.");
    expect(issue("SCORE", { kind: "score", value: 8.5 })).toBeNull();
    expect(issue("SCORE", { kind: "score", value: 10.5 })).toBe("10.5 is outside the range 0–10.");
    expect(issue("SCORE", { kind: "category", value: "8" })).toBe("Give a number from 0 to 10.");
    expect(issue("SCORE", undefined)).toBe("This criterion is required.");
  });

  it("stores a SCORE answer as its real value, and refuses a bad one naming the field", () => {
    const rows = buildLabelValues([field("SCORE")], { "c-SCORE@o1": { kind: "score", value: 7.25 } }, ["o1"]);
    expect(rows).toEqual([{ criterionId: "c-SCORE", targetKey: "o1", outputId: "o1", otherOutputId: null, value: 7.25, category: null }]);
    expect(() => buildLabelValues([field("SCORE")], { "c-SCORE@o1": { kind: "score", value: 11 } }, ["o1"])).toThrow("SCORE — Output o1: 11 is outside the range 0–10.");
  });

  it("the other kinds", () => {
    expect(issue("BINARY", { kind: "score", value: 1 })).toBeNull();
    expect(issue("BINARY", { kind: "score", value: 2 })).toBe("Give pass (1) or fail (0).");
    expect(issue("CATEGORICAL", { kind: "category", value: "ugly" })).toBeNull();
    expect(issue("FACTUALITY", { kind: "category", value: "maybe" })).toBe("Choose one of: correct, incorrect, not_attempted.");
    expect(issue("PREFERENCE", { kind: "preference", winner: "BOTH_BAD" }, ["o1", "o2"])).toBeNull();
    expect(issue("PREFERENCE", { kind: "preference", winner: "o9" }, ["o1", "o2"])).toBe("The preferred output is not part of this task.");
    expect(issue("RANKING", { kind: "ranking", order: ["o1"] }, ["o1", "o2"])).toBe("Rank every output of the task exactly once.");
  });

  it("offers keyboard choices for the choice kinds, none for typed scores and rankings", () => {
    const outputs = [{ id: "o1", letter: "A" }, { id: "o2", letter: "B" }];
    expect(fieldChoices(field("LIKERT"), outputs).map((c) => c.key)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(fieldChoices(field("PREFERENCE"), outputs).map((c) => c.key)).toEqual(["A", "B", "T", "X"]);
    expect(fieldChoices(field("PREFERENCE"), outputs).map((c) => c.answer)).toContainEqual({ kind: "preference", winner: "o2" });
    expect(fieldChoices(field("SCORE"), outputs)).toEqual([]);
    expect(fieldChoices(field("RANKING"), outputs)).toEqual([]);
    // The verdicts of the form are the one list.
    expect(fieldChoices(field("PREFERENCE"), outputs).slice(2).map((c) => (c.answer as { winner: string }).winner)).toEqual(PREFERENCE_VERDICTS.slice(2));
  });
});

describe("pass rules", () => {
  const rule = (name: CriterionKindName, config?: unknown) => kind(name, config).passRule();

  it("LIKERT passes at the declared threshold, by default at the scale's midpoint rounded up (≥ 6 on MT-Bench's 1–10, not ≥ 9)", () => {
    expect(rule("LIKERT")).toEqual({ threshold: 6 });
    expect(rule("LIKERT", { min: 1, max: 5, anchors: ["", "", "", "", ""] })).toEqual({ threshold: 3 });
    expect(rule("LIKERT", { ...CONFIGS.LIKERT, pass: { threshold: 8 } })).toEqual({ threshold: 8 });
    // A consensus of 3.5 (reviewers at 3 and 4) passes a threshold of 3.
    expect(passes({ threshold: 3 }, 3.5, null)).toBe(true);
    expect(passes({ threshold: 6 }, 5, null)).toBe(false);
  });

  it("SCORE passes at the declared threshold, by default the middle of the range", () => {
    expect(rule("SCORE")).toEqual({ threshold: 5 });
    expect(rule("SCORE", { min: 0, max: 1 })).toEqual({ threshold: 0.5 });
    expect(rule("SCORE", { min: 0, max: 1, pass: { threshold: 0.8 } })).toEqual({ threshold: 0.8 });
    expect(passes({ threshold: 0.8 }, 0.81, null)).toBe(true);
  });

  it("BINARY passes at 1; CATEGORICAL and FACTUALITY at their passing categories", () => {
    expect(rule("BINARY")).toEqual({ threshold: 1 });
    expect(passes(rule("BINARY")!, 0, null)).toBe(false);
    expect(rule("FACTUALITY")).toEqual({ categories: ["correct"] });
    expect(rule("FACTUALITY", { pass: { categories: ["correct", "not_attempted"] } })).toEqual({ categories: ["correct", "not_attempted"] });
    expect(rule("CATEGORICAL")).toEqual({ categories: ["good"] });
    expect(passes(rule("CATEGORICAL")!, null, "Good")).toBe(true);
    // Categories without declared passing ones, and no option called "correct": no pass rule, not comparable.
    expect(rule("CATEGORICAL", { options: ["warm", "curt"] })).toBeNull();
    expect(rule("CATEGORICAL", { options: ["Correct", "wrong"] })).toEqual({ categories: ["Correct"] });
  });

  it("PREFERENCE and RANKING have none", () => {
    expect(rule("PREFERENCE")).toBeNull();
    expect(rule("RANKING")).toBeNull();
    expect(describePassRule(null)).toBe("no pass rule");
    expect(describePassRule({ threshold: 0.5 })).toBe("score ≥ 0.5");
    expect(describePassRule({ categories: ["correct", "not_attempted"] })).toBe("correct or not_attempted");
  });
});

describe("agreement: which figures apply", () => {
  const describe_ = (name: CriterionKindName, config?: unknown, rankingLength = 0) => describeCriterion({ key: name.toLowerCase(), name, kind: name, config: config ?? CONFIGS[name] }, rankingLength);

  it("declares the scale per kind", () => {
    expect(describe_("LIKERT")).toMatchObject({ categorical: true, ordinal: true, numeric: true, weights: "quadratic", alphaLevel: "ordinal", range: null });
    expect(describe_("SCORE")).toMatchObject({ categories: [], categorical: false, ordinal: true, numeric: true, alphaLevel: "interval", range: { min: 0, max: 10 } });
    expect(describe_("BINARY")).toMatchObject({ categories: [0, 1], categorical: true, ordinal: false, numeric: true });
    expect(describe_("CATEGORICAL").categories).toEqual(["good", "bad", "ugly"]);
    expect(describe_("FACTUALITY").categories).toEqual(["correct", "incorrect", "not_attempted"]);
    expect(describe_("PREFERENCE").categories).toEqual([...PREFERENCE_VERDICTS]);
    expect(describe_("RANKING", {}, 3)).toMatchObject({ categories: [1, 2, 3], ordinal: true });
  });

  it("parses codes: a Likert 3.5 consensus is a numeric code but not a level; SCORE codes are real values in range", () => {
    const likert = describe_("LIKERT");
    expect(parseCode(likert, "3.5")).toBe(3.5);
    expect(isLevel(likert, 3.5)).toBe(false);
    expect(isLevel(likert, 3)).toBe(true);
    expect(parseCode(likert, "11")).toBeNull();
    expect(parseCode(likert, "")).toBeNull();
    const score = describe_("SCORE");
    expect(parseCode(score, "8.5")).toBe(8.5);
    expect(parseCode(score, "10.5")).toBeNull();
    expect(isLevel(score, 8)).toBe(false);
    expect(parseCode(describe_("FACTUALITY"), "correct")).toBe("correct");
    expect(parseCode(describe_("FACTUALITY"), "3")).toBeNull();
  });

  it("SCORE: ρ, τ-b, MAE, mean signed difference, Pearson r and Lin's CCC on the real values; no κ, no exact agreement", () => {
    const score = describe_("SCORE");
    const human = [8.5, 6, 7.25, 9, 3.5, 5, 6, 8.5];
    const judge = [9, 6.5, 7, 9.5, 4, 5, 7.5, 8];
    const table = tableFromRows(score, human.map((h, i) => ({ human: h, judge: judge[i]!, count: 1 })));
    expect(table.offScale).toBe(0);
    const f = agreementFigures(score, table, { bootstrap: "none" });
    expect(f.n).toBe(8);
    expect(f.pearson!.value).toBeCloseTo(pearson(human, judge).value!, 12);
    expect(f.lin!.value).toBeCloseTo(linConcordance(human, judge).value!, 12);
    expect(f.spearman!.value).toBeCloseTo(spearman(human, judge).value!, 12);
    expect(f.kendall!.value).toBeCloseTo(kendallTauB(human, judge).value!, 12);
    expect(f.mae!.value).toBeCloseTo(meanAbsoluteError(judge, human).value!, 12);
    expect(f.meanSignedDifference!.value).toBeCloseTo(judge.reduce((s, j, i) => s + j - human[i]!, 0) / 8, 12);
    expect(f.exact).toMatchObject({ value: null, reason: expect.stringContaining("not categorical") });
    expect(f.kappa.value).toBeNull();
    expect(f.kappaAse).toBeNull();
    expect(f.withinOne).toBeNull();
    expect(f.confusion.categories).toEqual([]);
    // With intervals, the same points.
    const withCis = agreementFigures(score, table);
    expect(withCis.lin!.value).toBe(f.lin!.value);
    expect((withCis.lin as { lower: number }).lower).toBeLessThanOrEqual(f.lin!.value!);
  });

  it("SCORE: the human ceiling is Krippendorff's α at interval level", () => {
    const score = describe_("SCORE");
    const profiles = [
      { codes: [8.5, 8], units: 3 },
      { codes: [3, 4.5], units: 2 },
      { codes: [6, 6, 7], units: 2 },
    ];
    const ceiling = ceilingFigures(score, profiles, { bootstrap: false });
    const ratings = Array.from({ length: 3 }, (_, c) => profiles.flatMap((p) => new Array(p.units).fill(p.codes[c] ?? null)));
    expect(ceiling.alpha.value).toBeCloseTo(krippendorffAlpha(ratings, { level: "interval" }).value!, 12);
    expect(ceiling.pairwiseAgreement).toMatchObject({ value: null, reason: expect.stringContaining("not categorical") });
  });

  it("LIKERT with a 3.5 consensus: numeric figures use it, categorical ones leave it out and count it", () => {
    const likert = describe_("LIKERT", { min: 1, max: 5, anchors: ["", "", "", "", ""] });
    const pairs = [
      [1, 1], [2, 2], [3, 3], [4, 5], [5, 5], [3.5, 4], [2, 3], [4, 4],
    ] as const;
    const table = tableFromRows(likert, pairs.map(([human, judge]) => ({ human, judge, count: 1 })));
    const f = agreementFigures(likert, table, { bootstrap: "none" });
    const human = pairs.map((p) => p[0] as number);
    const judge = pairs.map((p) => p[1] as number);
    expect(f.n).toBe(8);
    expect(f.noCategoricalConsensus).toBe(1);
    expect(f.spearman!.value).toBeCloseTo(spearman(human, judge).value!, 12);
    expect(f.mae!.value).toBeCloseTo(meanAbsoluteError(judge, human).value!, 12);
    const onLevels = pairs.filter(([h]) => Number.isInteger(h));
    expect(f.exact.value).toBeCloseTo(5 / 7, 12);
    expect(f.exact.n).toBe(7);
    expect(f.kappa.value).toBeCloseTo(cohenKappa(onLevels.map((p) => p[0]), onLevels.map((p) => p[1]), { categories: [1, 2, 3, 4, 5], weights: "quadratic" }).value!, 12);
    expect(f.confusion.categories).toEqual([1, 2, 3, 4, 5]);
    expect(f.confusion.counts.flat().reduce((s, c) => s + c, 0)).toBe(7);
  });

  it("every kind gets exactly the figures that fit it", () => {
    const codes: Record<CriterionKindName, readonly (string | number)[]> = {
      LIKERT: [1, 4, 7, 10],
      BINARY: [0, 1],
      CATEGORICAL: ["good", "bad", "ugly"],
      PREFERENCE: PREFERENCE_VERDICTS,
      RANKING: [1, 2, 3],
      FACTUALITY: ["correct", "incorrect", "not_attempted"],
      SCORE: [0.5, 2.25, 7, 9.75],
    };
    const shown = (name: CriterionKindName) => {
      const criterion = describe_(name, undefined, 3);
      // Every code against every code, plus agreement on the diagonal: enough variation for every figure.
      const rows = codes[name].flatMap((human, i) => codes[name].map((judge, j) => ({ human, judge, count: i === j ? 3 : 1 })));
      const f = agreementFigures(criterion, tableFromRows(criterion, rows), { bootstrap: "none" });
      const names = ["exact", "withinOne", "kappa", "kappaLinear", "spearman", "kendall", "mae", "meanSignedDifference", "pearson", "lin"] as const;
      return names.filter((key) => f[key] !== null && f[key]!.value !== null);
    };
    expect(shown("LIKERT")).toEqual(["exact", "withinOne", "kappa", "kappaLinear", "spearman", "kendall", "mae", "meanSignedDifference", "pearson", "lin"]);
    expect(shown("RANKING")).toEqual(["exact", "withinOne", "kappa", "kappaLinear", "spearman", "kendall", "mae", "meanSignedDifference", "pearson", "lin"]);
    expect(shown("BINARY")).toEqual(["exact", "kappa", "mae", "meanSignedDifference"]);
    for (const name of ["CATEGORICAL", "PREFERENCE", "FACTUALITY"] as const) expect(shown(name)).toEqual(["exact", "kappa"]);
    expect(shown("SCORE")).toEqual(["spearman", "kendall", "mae", "meanSignedDifference", "pearson", "lin"]);
  });

  it("categorical kinds keep their declared categories and count other codes apart", () => {
    const factuality = describe_("FACTUALITY");
    const table = tableFromRows(factuality, [
      { human: "correct", judge: "correct", count: 4 },
      { human: "incorrect", judge: "correct", count: 2 },
      { human: "bogus", judge: "correct", count: 1 },
    ]);
    expect(table.offScale).toBe(1);
    expect(table.rows).toEqual(["correct", "incorrect", "not_attempted"]);
    const f = agreementFigures(factuality, table, { bootstrap: "none" });
    expect(f.exact.value).toBeCloseTo(4 / 6, 12);
    expect(f.pearson).toBeNull();
    expect(f.mae).toBeNull();
  });
});
