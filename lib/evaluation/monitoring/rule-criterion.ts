import { db } from "@/lib/db/client";
import type { CriterionGroup } from "@/lib/comparisons/criteria";
import { criterionKind } from "@/lib/rubrics/kinds";

// What an evaluation rule measures: its judge version's definition names a
// rubric and a criterion key; the newest rubric version's criterion of that
// key gives the kind and pass rule, and scores on any version's criterion of
// that key count (as run comparison groups criteria across versions).

export type MonitoredRule = { id: string; name: string; projectId: string; judgeId: string; enabled: boolean; group: CriterionGroup };

export async function loadMonitoredRules(projectId: string, ruleId?: string): Promise<MonitoredRule[]> {
  const rules = await db.evaluationRule.findMany({
    where: { projectId, ...(ruleId ? { id: ruleId } : {}) },
    select: { id: true, name: true, judgeId: true, enabled: true, judge: { select: { definition: { select: { rubricId: true, criterionKey: true } } } } },
    orderBy: { name: "asc" },
  });
  const result: MonitoredRule[] = [];
  for (const rule of rules) {
    const definition = rule.judge.definition;
    if (!definition) continue;
    const criteria = await db.criterion.findMany({
      where: { key: definition.criterionKey, rubricVersion: { rubricId: definition.rubricId } },
      select: { id: true, name: true, kind: true, config: true, rubricVersion: { select: { rubric: { select: { name: true } } } } },
      orderBy: { rubricVersion: { version: "desc" } },
    });
    const newest = criteria[0];
    if (!newest) continue;
    const kind = criterionKind(newest.kind, newest.config);
    const pass = kind.passRule();
    if (!pass || kind.unit !== "output") continue;
    result.push({
      id: rule.id,
      name: rule.name,
      projectId,
      judgeId: rule.judgeId,
      enabled: rule.enabled,
      group: {
        index: 0,
        key: definition.criterionKey,
        name: newest.name,
        rubricName: newest.rubricVersion.rubric.name,
        kind: newest.kind,
        pass,
        threshold: "threshold" in pass ? pass.threshold : null,
        scored: kind.ordinal && kind.numeric,
        criterionIds: criteria.map((c) => c.id),
      },
    });
  }
  return result;
}
