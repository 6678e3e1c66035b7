import { kindTraits, PREFERENCE_VERDICTS, type CriterionKindName } from "@/lib/rubrics/kinds";
import { checkPointwise } from "./criterion-values";
import type { ImportSetup, KindImporter, Report } from "./importer";
import { labelStudioField, labelStudioPrefix } from "./label-studio";
import { findVersion, loadCriteria, loadMembers, loadOutputs, outputKey } from "./lookups";
import { newId, withoutForeignKeyChecks } from "./pg";
import { labelImportSchema, type LabelRow, type LabelsOptions } from "./schemas";
import { shownTurn, storedTurn } from "./turns";

// Past human labels (a team's history from a spreadsheet or another tool),
// attributed to named reviewers who must be project members. One Label
// (source IMPORT, no task) per reviewer × item × turn, with one LabelValue
// per criterion and unit. targetKey follows prisma/schema.prisma: the output
// id, or "<outputA>:<outputB>" with outputA < outputB for preferences (the
// verdict is flipped when the file's A/B order is the other way round) and
// for criteria asked once of the comparison (pairwiseScope COMPARISON).
// Label Studio exports arrive here already reshaped into the same rows (one
// per annotation result, see label-studio.ts); their problems are reported
// at the place in the task they come from.

type PendingLabel = {
  reviewerId: string;
  clientId: string;
  rationale: string;
  /** Time spent per labelling session (a Label Studio annotation, or the file's rows): summed. */
  sessions: Map<string, number>;
  createdAt: string | null;
  updatedAt: string | null;
};

type LabelValueRow = { labelKey: string; criterionId: string; targetKey: string; outputId: string | null; otherOutputId: string | null; value: number | null; category: string | null };

export async function labelsImporter({ client, projectId, skipForeignKeyChecks }: ImportSetup, options: LabelsOptions): Promise<KindImporter<LabelRow>> {
  const version = await findVersion(client, projectId, options.dataset, options.version);
  const { rubricVersionId, criteria } = await loadCriteria(client, projectId, options.rubric);
  const { outputs, runs } = await loadOutputs(client, version.id);
  const members = await loadMembers(client, projectId);
  const labels = new Map<string, PendingLabel>();
  const values: LabelValueRow[] = [];
  const seen = new Map<string, number>();

  const output = (run: string | undefined, field: string, row: LabelRow, turn: number, report: (f: string, m: string) => void) => {
    if (!run) return report(field, `Required: ${field} (a run name) for criterion ${row.criterion}.`);
    if (!runs.has(run)) return report(field, `Unknown run "${run}" on dataset "${options.dataset}" v${version.version}.`);
    const found = outputs.get(outputKey(run, row.externalId, turn));
    if (!found) return report("externalId", `Run "${run}" has no output for item "${row.externalId}" turn ${shownTurn(turn, options.turnBase)}.`);
    return found;
  };

  return {
    schema: labelImportSchema,
    // Plain columns of Label Studio's JSON-MIN / CSV records are judgments only when named like a criterion.
    mappingContext: { criterionKeys: new Set(criteria.keys()) },
    accept(row, rowNumber, fileReport) {
      const meta = row.labelStudio;
      const report: Report = meta ? (field, message) => fileReport(labelStudioField(meta, field), labelStudioPrefix(meta) + message) : fileReport;
      const reviewerId = members.get(row.reviewer);
      if (!reviewerId) return report("reviewer", `"${row.reviewer}" is not a member of this project: add them first.`);
      const criterion = criteria.get(row.criterion);
      if (!criterion) return report("criterion", `Unknown criterion "${row.criterion}" (the rubric has ${[...criteria.keys()].join(", ")}).`);
      const turn = storedTurn(row.turn, options.turnBase, report);
      if (turn === undefined) return;
      let value: LabelValueRow;
      const labelKey = `${reviewerId}\u0000${row.externalId}\u0000${turn}`;
      if (criterion.kind === "PREFERENCE") {
        const a = output(row.runA, "runA", row, turn, report);
        const b = output(row.runB, "runB", row, turn, report);
        if (!a || !b) return;
        if (a.id === b.id) return report("runB", "runA and runB must be different runs.");
        const verdict = (row.category ?? "").trim().toUpperCase().replace(/\s+/g, "_");
        if (!(PREFERENCE_VERDICTS as readonly string[]).includes(verdict)) return report("category", `A preference is ${PREFERENCE_VERDICTS.join(", ")} (in terms of runA/runB).`);
        const swap = a.id > b.id;
        const category = swap && verdict === "A" ? "B" : swap && verdict === "B" ? "A" : verdict;
        const [low, high] = swap ? [b.id, a.id] : [a.id, b.id];
        value = { labelKey, criterionId: criterion.id, targetKey: `${low}:${high}`, outputId: low, otherOutputId: high, value: null, category };
      } else if (criterion.pairwiseScope === "COMPARISON" && kindTraits(criterion.kind as CriterionKindName).comparable) {
        // One answer about the pair, whichever way round the file names it.
        if (row.run && !row.runA && !row.runB) return report("runA", `${row.criterion} is asked once of the comparison: give the pair as runA and runB instead of run.`);
        const checked = checkPointwise(criterion, row.value, row.category);
        if ("error" in checked) return report(checked.field, checked.error);
        const a = output(row.runA, "runA", row, turn, report);
        const b = output(row.runB, "runB", row, turn, report);
        if (!a || !b) return;
        if (a.id === b.id) return report("runB", "runA and runB must be different runs.");
        const [low, high] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
        value = { labelKey, criterionId: criterion.id, targetKey: `${low}:${high}`, outputId: low, otherOutputId: high, ...checked };
      } else {
        const checked = checkPointwise(criterion, row.value, row.category);
        if ("error" in checked) return report(checked.field, checked.error);
        const target = output(row.run, "run", row, turn, report);
        if (!target) return;
        value = { labelKey, criterionId: criterion.id, targetKey: target.id, outputId: target.id, otherOutputId: null, ...checked };
      }
      const key = `${labelKey}\u0000${value.criterionId}\u0000${value.targetKey}`;
      const first = seen.get(key);
      if (first !== undefined) return report("criterion", `Duplicate label: ${row.reviewer} already labelled this ${row.criterion} on row ${first}.`);
      seen.set(key, rowNumber);
      let label = labels.get(labelKey);
      if (!label) {
        label = { reviewerId, clientId: `import:${version.id}:${row.externalId}:${turn}`, rationale: "", sessions: new Map(), createdAt: null, updatedAt: null };
        labels.set(labelKey, label);
      }
      // Several Label Studio tasks (one per run) can make one label: keep each distinct rationale.
      if (row.rationale && !label.rationale.split("\n\n").includes(row.rationale)) label.rationale = label.rationale ? `${label.rationale}\n\n${row.rationale}` : row.rationale;
      if (row.activeMs !== undefined) {
        const session = meta ? `${meta.task}\u0000${meta.annotationId}` : "";
        label.sessions.set(session, Math.max(label.sessions.get(session) ?? 0, row.activeMs));
      }
      if (row.createdAt && (!label.createdAt || row.createdAt < label.createdAt)) label.createdAt = row.createdAt;
      const updated = row.updatedAt ?? row.createdAt;
      if (updated && (!label.updatedAt || updated > label.updatedAt)) label.updatedAt = updated;
      values.push(value);
    },
    // Labels are grouped across rows, so they are written at the end.
    buffered: () => 0,
    async flush() {},
    discard() {
      values.length = 0;
    },
    async finish() {
      const entries = [...labels.entries()];
      const ids = new Map<string, string>();
      if (entries.length) {
        // Without per-row foreign-key checks when allowed: the labels are inserted or
        // updated here (row-locked until commit), and the reviewers, criteria (and so
        // their rubric version) and the runs whose outputs are labelled were read FOR KEY SHARE.
        await withoutForeignKeyChecks(client, skipForeignKeyChecks, async () => {
          const { rows } = await client.query<{ id: string; reviewerId: string; clientId: string }>(
            // Times from the source tool are kept; without them, now.
            `INSERT INTO "Label" (id, "clientId", "reviewerId", "rubricVersionId", source, rationale, "activeMs", "createdAt", "updatedAt")
             SELECT u.id, u.client, u.reviewer, $1, 'IMPORT', u.rationale, u.active, coalesce(u.created, now()), coalesce(u.updated, u.created, now())
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamp[], $8::timestamp[]) AS u(id, client, reviewer, rationale, active, created, updated)
             ON CONFLICT ("reviewerId", "clientId") DO UPDATE SET rationale = EXCLUDED.rationale, "activeMs" = EXCLUDED."activeMs",
               "createdAt" = least("Label"."createdAt", EXCLUDED."createdAt"), "updatedAt" = EXCLUDED."updatedAt"
             RETURNING id, "reviewerId", "clientId"`,
            [
              rubricVersionId,
              entries.map(() => newId()),
              entries.map(([, l]) => l.clientId),
              entries.map(([, l]) => l.reviewerId),
              entries.map(([, l]) => l.rationale),
              entries.map(([, l]) => Math.min(2_147_483_647, [...l.sessions.values()].reduce((a, b) => a + b, 0))),
              entries.map(([, l]) => l.createdAt),
              entries.map(([, l]) => l.updatedAt),
            ],
          );
          const byClient = new Map(rows.map((r) => [`${r.reviewerId}\u0000${r.clientId}`, r.id]));
          for (const [key, label] of entries) ids.set(key, byClient.get(`${label.reviewerId}\u0000${label.clientId}`)!);
          await client.query(
            `INSERT INTO "LabelValue" (id, "labelId", "criterionId", "targetKey", "outputId", "otherOutputId", value, category)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[])
             ON CONFLICT ("labelId", "criterionId", "targetKey") DO UPDATE SET value = EXCLUDED.value, category = EXCLUDED.category`,
            [
              values.map(() => newId()),
              values.map((v) => ids.get(v.labelKey)!),
              values.map((v) => v.criterionId),
              values.map((v) => v.targetKey),
              values.map((v) => v.outputId),
              values.map((v) => v.otherOutputId),
              values.map((v) => v.value),
              values.map((v) => v.category),
            ],
          );
        });
      }
      return { summary: { dataset: options.dataset, datasetVersionId: version.id, labels: entries.length, values: values.length, reviewers: new Set(entries.map(([, l]) => l.reviewerId)).size } };
    },
  };
}
