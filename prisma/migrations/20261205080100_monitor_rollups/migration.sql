-- Rollups behind the monitoring page (issue 17): the raw queries over 30 days
-- of traffic (3 million rows, 300,000 judged) take seconds; these tables hold
-- the same counts per UTC hour, kept exact by statement-level triggers (one
-- grouped upsert per statement, so bulk writes pay once per statement), and
-- the page groups a few thousand rows. See docs/ARCHITECTURE.md (Decisions).
-- CreateTable
CREATE TABLE "MonitorRollup" (
    "id" BIGSERIAL NOT NULL,
    "ruleId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "segment" TEXT,
    "failed" BOOLEAN NOT NULL,
    "value" DOUBLE PRECISION,
    "category" TEXT,
    "human" TEXT,
    "n" INTEGER NOT NULL,

    CONSTRAINT "MonitorRollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrafficVolume" (
    "id" BIGSERIAL NOT NULL,
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "segment" TEXT,
    "n" INTEGER NOT NULL,

    CONSTRAINT "TrafficVolume_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MonitorRollup_ruleId_hour_idx" ON "MonitorRollup"("ruleId", "hour");

-- CreateIndex
CREATE INDEX "TrafficVolume_projectId_hour_idx" ON "TrafficVolume"("projectId", "hour");

-- AddForeignKey
ALTER TABLE "MonitorRollup" ADD CONSTRAINT "MonitorRollup_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "EvaluationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrafficVolume" ADD CONSTRAINT "TrafficVolume_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand from here: Prisma models neither NULLS NOT DISTINCT keys nor triggers.
ALTER TABLE "MonitorRollup" ADD CONSTRAINT "MonitorRollup_key" UNIQUE NULLS NOT DISTINCT ("ruleId", "hour", "segment", "failed", "value", "category", "human");
ALTER TABLE "TrafficVolume" ADD CONSTRAINT "TrafficVolume_key" UNIQUE NULLS NOT DISTINCT ("projectId", "hour", "segment");

-- Judge scores of rule judges on sampled outputs, signed +1 / −1, added to the
-- hour of each sample drawn by a rule of that judge on the judge's criterion,
-- with the experts' current consensus on the output. `src` is the SQL of
-- (judgeId, outputId, criterionId, value, category, error, sign) rows. The
-- functions return the statement: transition tables are visible only to
-- statements the trigger function itself runs.
CREATE FUNCTION monitor_rollup_scores_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO "MonitorRollup" ("ruleId", "hour", "segment", "failed", "value", "category", "human", "n")
    SELECT s."ruleId", date_trunc('hour', s."occurredAt"), s.segment, d.error IS NOT NULL, d.value, lower(d.category), h.consensus[1], sum(d.sign)::int
    FROM (%s) d
    JOIN "TrafficSample" s ON s."outputId" = d."outputId"
    JOIN "EvaluationRule" r ON r.id = s."ruleId" AND r."judgeId" = d."judgeId"
    JOIN "Judge" j ON j.id = r."judgeId"
    JOIN "JudgeDefinition" jd ON jd.id = j."definitionId"
    JOIN "Criterion" c ON c.id = d."criterionId" AND c.key = jd."criterionKey"
    LEFT JOIN "HumanJudgment" h ON h."projectId" = r."projectId" AND h."criterionKey" = c.key AND h."targetKey" = d."outputId"
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT "MonitorRollup_key" DO UPDATE SET n = "MonitorRollup".n + EXCLUDED.n$q$, src)
$$;

CREATE FUNCTION monitor_rollup_on_judge_scores() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := '"judgeId", "outputId", "criterionId", value, category, error';
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE monitor_rollup_scores_sql(format('SELECT %s, 1 AS sign FROM new_table', cols));
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE monitor_rollup_scores_sql(format('SELECT %s, -1 AS sign FROM old_table', cols));
  ELSE
    EXECUTE monitor_rollup_scores_sql(format('SELECT %s, 1 AS sign FROM new_table UNION ALL SELECT %s, -1 FROM old_table', cols, cols));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER monitor_rollup_judge_score_insert AFTER INSERT ON "JudgeScore"
  REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION monitor_rollup_on_judge_scores();
CREATE TRIGGER monitor_rollup_judge_score_update AFTER UPDATE ON "JudgeScore"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION monitor_rollup_on_judge_scores();
CREATE TRIGGER monitor_rollup_judge_score_delete AFTER DELETE ON "JudgeScore"
  REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION monitor_rollup_on_judge_scores();

-- A spot check changes the consensus on a scored sample: its count moves from
-- the old consensus (null before the first label) to the new one.
-- `src` is the SQL of ("projectId", "criterionKey", "targetKey", human, sign) rows.
CREATE FUNCTION monitor_rollup_consensus_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO "MonitorRollup" ("ruleId", "hour", "segment", "failed", "value", "category", "human", "n")
    SELECT s."ruleId", date_trunc('hour', s."occurredAt"), s.segment, js.error IS NOT NULL, js.value, lower(js.category), d.human, sum(d.sign)::int
    FROM (%s) d
    JOIN "TrafficSample" s ON s."outputId" = d."targetKey" AND s."projectId" = d."projectId"
    JOIN "EvaluationRule" r ON r.id = s."ruleId"
    JOIN "Judge" j ON j.id = r."judgeId"
    JOIN "JudgeDefinition" jd ON jd.id = j."definitionId" AND jd."criterionKey" = d."criterionKey"
    JOIN "JudgeScore" js ON js."outputId" = s."outputId" AND js."judgeId" = r."judgeId"
    JOIN "Criterion" c ON c.id = js."criterionId" AND c.key = d."criterionKey"
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT "MonitorRollup_key" DO UPDATE SET n = "MonitorRollup".n + EXCLUDED.n$q$, src)
$$;

CREATE FUNCTION monitor_rollup_on_human_judgments() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k constant text := '"projectId", "criterionKey", "targetKey"';
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE monitor_rollup_consensus_sql(format('SELECT %s, consensus[1] AS human, 1 AS sign FROM new_table UNION ALL SELECT %s, NULL, -1 FROM new_table', k, k));
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE monitor_rollup_consensus_sql(format('SELECT %s, consensus[1] AS human, -1 AS sign FROM old_table UNION ALL SELECT %s, NULL, 1 FROM old_table', k, k));
  ELSE
    EXECUTE monitor_rollup_consensus_sql(format('SELECT %s, consensus[1] AS human, 1 AS sign FROM new_table UNION ALL SELECT %s, consensus[1], -1 FROM old_table', k, k));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER monitor_rollup_human_judgment_insert AFTER INSERT ON "HumanJudgment"
  REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION monitor_rollup_on_human_judgments();
CREATE TRIGGER monitor_rollup_human_judgment_update AFTER UPDATE ON "HumanJudgment"
  REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION monitor_rollup_on_human_judgments();
CREATE TRIGGER monitor_rollup_human_judgment_delete AFTER DELETE ON "HumanJudgment"
  REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION monitor_rollup_on_human_judgments();

-- Traffic per hour and segment. A statement trigger on the partitioned parent
-- sees the rows of every partition a statement touched. Days dropped whole by
-- retention keep their counts here (reads are bounded by time anyway).
CREATE FUNCTION traffic_volume_on_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "TrafficVolume" ("projectId", "hour", "segment", "n")
    SELECT "projectId", date_trunc('hour', "occurredAt"), segment, count(*)::int FROM new_table GROUP BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT "TrafficVolume_key" DO UPDATE SET n = "TrafficVolume".n + EXCLUDED.n;
  ELSE
    INSERT INTO "TrafficVolume" ("projectId", "hour", "segment", "n")
    SELECT "projectId", date_trunc('hour', "occurredAt"), segment, -count(*)::int FROM old_table GROUP BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT "TrafficVolume_key" DO UPDATE SET n = "TrafficVolume".n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER traffic_volume_insert AFTER INSERT ON "TrafficEvent"
  REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION traffic_volume_on_events();
CREATE TRIGGER traffic_volume_delete AFTER DELETE ON "TrafficEvent"
  REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION traffic_volume_on_events();

-- Like every Touchstone trigger, these fire in replica sessions too (bulk imports; 20261127110000).
ALTER TABLE "JudgeScore" ENABLE ALWAYS TRIGGER monitor_rollup_judge_score_insert;
ALTER TABLE "JudgeScore" ENABLE ALWAYS TRIGGER monitor_rollup_judge_score_update;
ALTER TABLE "JudgeScore" ENABLE ALWAYS TRIGGER monitor_rollup_judge_score_delete;
ALTER TABLE "HumanJudgment" ENABLE ALWAYS TRIGGER monitor_rollup_human_judgment_insert;
ALTER TABLE "HumanJudgment" ENABLE ALWAYS TRIGGER monitor_rollup_human_judgment_update;
ALTER TABLE "HumanJudgment" ENABLE ALWAYS TRIGGER monitor_rollup_human_judgment_delete;
ALTER TABLE "TrafficEvent" ENABLE ALWAYS TRIGGER traffic_volume_insert;
ALTER TABLE "TrafficEvent" ENABLE ALWAYS TRIGGER traffic_volume_delete;

-- Counts of the data already there.
INSERT INTO "TrafficVolume" ("projectId", "hour", "segment", "n")
SELECT "projectId", date_trunc('hour', "occurredAt"), segment, count(*)::int FROM "TrafficEvent" GROUP BY 1, 2, 3;
DO $$ BEGIN
  EXECUTE monitor_rollup_scores_sql('SELECT "judgeId", "outputId", "criterionId", value, category, error, 1 AS sign FROM "JudgeScore" WHERE "outputId" IN (SELECT "outputId" FROM "TrafficSample" WHERE "outputId" IS NOT NULL)');
END $$;
