import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { rawSql } from "@/lib/db/raw-sql";
import { criterionKind, isCriterionKind } from "@/lib/rubrics/kinds";
import { trafficRange } from "@/lib/traffic/queries";

// The samples page (Traffic → Samples): production answers drawn by the
// project's evaluation rules, with what the rule's judge and the experts said.
// Monitoring links here with ?rule=&from=&to=&segment=&outcome=.

export const SAMPLE_OUTCOMES = ["failed", "error", "flagged", "disagree"] as const;
export type SampleOutcome = (typeof SAMPLE_OUTCOMES)[number];
export const SAMPLE_OUTCOME_LABELS: Record<SampleOutcome, string> = {
  failed: "Judge: fail",
  error: "Judge call failed",
  flagged: "Flagged by an expert",
  disagree: "Judge and experts disagree",
};

export const SAMPLES_PAGE_SIZE = 50;

const text = z.string().trim().max(200).optional().transform((v) => v || undefined);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);

/** The page's filters, from its query string; anything malformed is dropped rather than failing the page. */
export const samplesFiltersSchema = z.object({
  rule: z.string().max(64).optional().catch(undefined),
  from: day,
  to: day,
  segment: text.catch(undefined),
  outcome: z.enum(SAMPLE_OUTCOMES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type SamplesFilters = z.output<typeof samplesFiltersSchema>;

export type SampleRow = {
  sampleId: string;
  ruleName: string;
  occurredAt: Date;
  segment: string | null;
  status: string;
  itemId: string | null;
  question: string | null;
  answer: string | null;
  judgeFailed: boolean | null;
  judgeError: boolean;
  expertFailed: boolean | null;
  disagree: boolean;
  flagged: boolean;
  judgeSummary: string | null;
};

/** Pass rules of the project's criteria, as arrays for unnest: a threshold or the passing categories (joined by U+001F). */
async function passRules(projectId: string) {
  const criteria = await db.criterion.findMany({ where: { rubricVersion: { rubric: { projectId } } }, select: { id: true, key: true, kind: true, config: true } });
  const rules = criteria.flatMap((criterion) => {
    if (!isCriterionKind(criterion.kind)) return [];
    const rule = criterionKind(criterion.kind, criterion.config).passRule();
    if (!rule) return [];
    return [{ id: criterion.id, key: criterion.key, threshold: "threshold" in rule ? rule.threshold : null, categories: "categories" in rule ? rule.categories.join("\u001f") : null }];
  });
  return Prisma.sql`SELECT * FROM unnest(${rules.map((r) => r.id)}::text[], ${rules.map((r) => r.key)}::text[], ${rules.map((r) => r.threshold)}::float8[], ${rules.map((r) => r.categories)}::text[]) AS r(id, key, threshold, categories)`;
}

/** A value fails its pass rule (a number below the threshold, or a category not among the passing ones). */
const fails = (value: Prisma.Sql, category: Prisma.Sql) =>
  Prisma.sql`CASE WHEN r.threshold IS NOT NULL THEN ${value} < r.threshold ELSE NOT (${category} = ANY(string_to_array(r.categories, chr(31)))) END`;

/** Newest first, a page at a time; "failed" etc. are judged per criterion with a pass rule. */
export async function listSamples(projectId: string, filters: SamplesFilters): Promise<{ rows: SampleRow[]; more: boolean }> {
  const { from, to } = trafficRange(filters);
  const conditions = [
    Prisma.sql`s."projectId" = ${projectId}`,
    Prisma.sql`s."occurredAt" >= ${from.toISOString()}::timestamp AND s."occurredAt" < ${to.toISOString()}::timestamp`,
    filters.rule ? Prisma.sql`s."ruleId" = ${filters.rule}` : null,
    filters.segment ? Prisma.sql`s.segment = ${filters.segment}` : null,
  ].filter((condition): condition is Prisma.Sql => condition !== null);
  const outcome = {
    failed: Prisma.sql`WHERE x."judgeFailed"`,
    error: Prisma.sql`WHERE x."judgeError"`,
    flagged: Prisma.sql`WHERE x.flagged`,
    disagree: Prisma.sql`WHERE x.disagree`,
  }[filters.outcome ?? "failed"];
  const offset = (filters.page - 1) * SAMPLES_PAGE_SIZE;
  const rows = await rawSql.$queryRaw<SampleRow[]>(Prisma.sql`
    WITH r AS (${await passRules(projectId)})
    SELECT * FROM (
      SELECT s.id::text AS "sampleId", er.name AS "ruleName", s."occurredAt", s.segment, s.status::text AS status, s."itemId",
        left((SELECT m->>'content' FROM jsonb_array_elements(i."inputTurns") m WHERE m->>'role' = 'user' ORDER BY 1 DESC LIMIT 1), 200) AS question,
        left(o.content, 200) AS answer,
        j.failed AS "judgeFailed", coalesce(j.errored, false) AS "judgeError", j.expert_failed AS "expertFailed", coalesce(j.disagree, false) AS disagree,
        EXISTS (SELECT 1 FROM "Label" l JOIN "ReviewTask" t ON t.id = l."taskId" WHERE t."itemId" = s."itemId" AND cardinality(l.flags) > 0) AS flagged,
        j.summary AS "judgeSummary"
      FROM "TrafficSample" s
      JOIN "EvaluationRule" er ON er.id = s."ruleId"
      LEFT JOIN "DatasetItem" i ON i.id = s."itemId"
      LEFT JOIN "Output" o ON o.id = s."outputId"
      LEFT JOIN LATERAL (
        SELECT bool_or(js.error IS NOT NULL) AS errored,
               bool_or(${fails(Prisma.sql`js.value`, Prisma.sql`js.category`)}) FILTER (WHERE js.error IS NULL AND r.id IS NOT NULL) AS failed,
               bool_or(${fails(Prisma.sql`(h.consensus[1])::float8`, Prisma.sql`h.consensus[1]`)}) FILTER (WHERE cardinality(h.consensus) > 0 AND r.id IS NOT NULL) AS expert_failed,
               bool_or(${fails(Prisma.sql`js.value`, Prisma.sql`js.category`)} <> ${fails(Prisma.sql`(h.consensus[1])::float8`, Prisma.sql`h.consensus[1]`)})
                 FILTER (WHERE js.error IS NULL AND cardinality(h.consensus) > 0 AND r.id IS NOT NULL) AS disagree,
               string_agg(c.key || ' ' || coalesce(js.category, js.value::text, 'error'), ', ' ORDER BY c.key) AS summary
        FROM "JudgeScore" js
        JOIN "Criterion" c ON c.id = js."criterionId"
        LEFT JOIN r ON r.id = js."criterionId"
        LEFT JOIN "HumanJudgment" h ON h."projectId" = s."projectId" AND h."targetKey" = js."outputId" AND h."criterionKey" = c.key
        WHERE js."outputId" = s."outputId" AND js."judgeId" = er."judgeId"
      ) j ON true
      WHERE ${Prisma.join(conditions, " AND ")}
    ) x
    ${filters.outcome ? outcome : Prisma.empty}
    ORDER BY x."occurredAt" DESC, x."sampleId"::bigint DESC
    LIMIT ${SAMPLES_PAGE_SIZE + 1} OFFSET ${offset}`);
  return { rows: rows.slice(0, SAMPLES_PAGE_SIZE), more: rows.length > SAMPLES_PAGE_SIZE };
}

/** The project's rules (for the filter and the spot-check form) and golden datasets (promotion targets). */
export async function samplesPageOptions(projectId: string) {
  const [rules, datasets] = await Promise.all([
    db.evaluationRule.findMany({ where: { projectId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.dataset.findMany({ where: { projectId, kind: "GOLDEN" }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return { rules, datasets };
}
