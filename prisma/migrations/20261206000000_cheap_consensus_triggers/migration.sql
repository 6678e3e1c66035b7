-- Review submits got ten times slower (server-side p50 3.5 → 27 ms) when the
-- judge-score tally (20261205010000) and the monitoring rollups (20261205080100)
-- began to follow "HumanJudgment": a submit upserts a consensus per criterion,
-- each upsert fires their statement triggers, and each fire planned a dynamic
-- join of seven tables (2–10 ms of planning for 0.1 ms of execution) even when
-- the target had no judge score and no production sample. Both now return early
-- from a static check, and their dynamic statements keep the written join order
-- (which starts from the few changed rows), so planning stays short when they do run.

CREATE OR REPLACE FUNCTION judge_score_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changed text;
  emptied boolean;
BEGIN
  -- Most statements change nothing the tally counts: a label's consensus on an
  -- output no judge scored (every pairwise target, every unscored output) or an
  -- item update that leaves tags alone. Static checks, planned once per session,
  -- return before the dynamic statement below, whose planning alone cost a
  -- review submit milliseconds per fire (a submit's upserts fire it repeatedly).
  IF TG_TABLE_NAME = 'HumanJudgment' THEN
    -- (Each branch names only the transition tables its operation has; an update
    -- keeps a consensus's key, so its new rows name the same targets as its old.)
    IF TG_OP = 'DELETE' THEN
      IF NOT EXISTS (
        SELECT 1 FROM old_table t
        JOIN "Criterion" k ON k.key = t."criterionKey"
        JOIN "JudgeScore" s ON s."criterionId" = k.id AND s."outputId" = t."targetKey") THEN
        RETURN NULL;
      END IF;
    ELSIF NOT EXISTS (
      SELECT 1 FROM new_table t
      JOIN "Criterion" k ON k.key = t."criterionKey"
      JOIN "JudgeScore" s ON s."criterionId" = k.id AND s."outputId" = t."targetKey") THEN
      RETURN NULL;
    END IF;
  ELSIF TG_TABLE_NAME = 'DatasetItem' THEN
    IF NOT EXISTS (SELECT 1 FROM new_table n JOIN old_table d ON d.id = n.id WHERE d.tags IS DISTINCT FROM n.tags) THEN
      RETURN NULL;
    END IF;
  END IF;
  IF TG_TABLE_NAME = 'Output' THEN
    -- Before an output is deleted, while its consensus still stands: the cascades that
    -- follow delete its labels and scores in an order of their own, and PostgreSQL fires
    -- their triggers only at the end of the statement, when its "HumanJudgment" row is
    -- gone, so its scores leave the tally here, at the consensus they were counted under,
    -- and the other branches pass over scores of outputs that no longer exist. A run being
    -- deleted has taken its tally rows already.
    IF NOT EXISTS (SELECT 1 FROM "Run" WHERE id = OLD."runId") THEN
      RETURN OLD;
    END IF;
    changed := format($q$
      SELECT s."judgeId", o."runId", s."criterionId", i.tags, s.value, s.category, h.consensus[1] AS consensus, -1 AS sign
      FROM (SELECT %L::text AS id, %L::text AS "runId", %L::text AS "itemId") o
      JOIN "JudgeScore" s ON s."outputId" = o.id
      JOIN "Criterion" k ON k.id = s."criterionId"
      JOIN "Run" r ON r.id = o."runId"
      JOIN "DatasetItem" i ON i.id = o."itemId"
      LEFT JOIN "HumanJudgment" h ON h."projectId" = r."projectId" AND h."criterionKey" = k.key AND h."targetKey" = o.id AND cardinality(h.consensus) > 0$q$,
      OLD.id, OLD."runId", OLD."itemId");
  ELSIF TG_TABLE_NAME = 'DatasetItem' THEN
    changed := $q$
      SELECT s."judgeId", o."runId", s."criterionId", t.tags, s.value, s.category, h.consensus[1] AS consensus, t.sign
      FROM (SELECT n.id, d.tags, -1 AS sign FROM new_table n JOIN old_table d ON d.id = n.id WHERE d.tags IS DISTINCT FROM n.tags
            UNION ALL
            SELECT n.id, n.tags, 1 FROM new_table n JOIN old_table d ON d.id = n.id WHERE d.tags IS DISTINCT FROM n.tags) t
      JOIN "Output" o ON o."itemId" = t.id
      JOIN "JudgeScore" s ON s."outputId" = o.id
      JOIN "Criterion" k ON k.id = s."criterionId"
      JOIN "Run" r ON r.id = o."runId"
      LEFT JOIN "HumanJudgment" h ON h."projectId" = r."projectId" AND h."criterionKey" = k.key AND h."targetKey" = o.id AND cardinality(h.consensus) > 0$q$;
  ELSIF TG_TABLE_NAME = 'HumanJudgment' THEN
    -- A target's state is its consensus[1], or NULL when it has no row or an empty consensus.
    -- A deleted output's scores left the tally before it went (the Output branch below).
    changed := format($q$
      SELECT s."judgeId", b."runId", s."criterionId", i.tags, s.value, s.category, t.state AS consensus, t.sign
      FROM (
        SELECT x."projectId", x."criterionKey", x."targetKey", x.state, sum(x.sign)::int AS sign FROM (%s) x
        GROUP BY 1, 2, 3, 4 HAVING sum(x.sign) <> 0
      ) t
      JOIN "Output" o ON o.id = t."targetKey"
      JOIN "JudgeScore" s ON s."outputId" = o.id
      JOIN "Criterion" k ON k.id = s."criterionId" AND k.key = t."criterionKey"
      JOIN "JudgeScoreByItem" b ON b."scoreId" = s.id
      JOIN "Run" r ON r.id = b."runId" AND r."projectId" = t."projectId"
      JOIN "DatasetItem" i ON i.id = b."itemId"$q$,
      CASE TG_OP
        WHEN 'INSERT' THEN $q$SELECT "projectId", "criterionKey", "targetKey", CASE WHEN cardinality(consensus) > 0 THEN consensus[1] END AS state, 1 AS sign FROM new_table
          UNION ALL SELECT "projectId", "criterionKey", "targetKey", NULL, -1 FROM new_table$q$
        WHEN 'DELETE' THEN $q$SELECT "projectId", "criterionKey", "targetKey", CASE WHEN cardinality(consensus) > 0 THEN consensus[1] END AS state, -1 AS sign FROM old_table
          UNION ALL SELECT "projectId", "criterionKey", "targetKey", NULL, 1 FROM old_table$q$
        ELSE $q$SELECT "projectId", "criterionKey", "targetKey", CASE WHEN cardinality(consensus) > 0 THEN consensus[1] END AS state, 1 AS sign FROM new_table
          UNION ALL SELECT "projectId", "criterionKey", "targetKey", CASE WHEN cardinality(consensus) > 0 THEN consensus[1] END, -1 FROM old_table$q$
      END);
  ELSE
    changed := format($q$
      SELECT c."judgeId", c."runId", c."criterionId", i.tags, c.value, c.category, h.consensus[1] AS consensus, c.sign
      FROM (%s) c
      JOIN "DatasetItem" i ON i.id = c."itemId"
      JOIN "Criterion" k ON k.id = c."criterionId"
      JOIN "Run" r ON r.id = c."runId"
      LEFT JOIN "HumanJudgment" h ON h."projectId" = r."projectId" AND h."criterionKey" = k.key AND h."targetKey" = c."outputId" AND cardinality(h.consensus) > 0$q$,
      CASE TG_OP
        WHEN 'INSERT' THEN $q$SELECT *, 1 AS sign FROM new_table$q$
        WHEN 'DELETE' THEN $q$SELECT d.*, -1 AS sign FROM old_table d WHERE EXISTS (SELECT 1 FROM "Output" o WHERE o.id = d."outputId")$q$
        ELSE $q$SELECT *, 1 AS sign FROM new_table UNION ALL SELECT *, -1 FROM old_table$q$
      END);
  END IF;
  EXECUTE format($q$
    WITH d AS (
      SELECT c."judgeId", c."runId", c."criterionId", c.tags, c.value, lower(c.category) AS category, c.consensus, sum(c.sign)::int AS n
      FROM (%s) c
      WHERE c.value IS NOT NULL OR c.category IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(c.sign) <> 0
    ),
    added AS (
      INSERT INTO "JudgeScoreTally" AS t ("judgeId", "runId", "criterionId", tags, value, category, consensus, n)
      SELECT * FROM d WHERE d.n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT ("judgeId", "runId", "criterionId", tags, value, category, consensus) DO UPDATE SET n = t.n + EXCLUDED.n
    ),
    removed AS (
      UPDATE "JudgeScoreTally" t SET n = t.n + d.n
      FROM d
      WHERE d.n < 0 AND t."judgeId" = d."judgeId" AND t."runId" = d."runId" AND t."criterionId" = d."criterionId"
        AND t.tags IS NOT DISTINCT FROM d.tags AND t.value IS NOT DISTINCT FROM d.value AND t.category IS NOT DISTINCT FROM d.category
        AND t.consensus IS NOT DISTINCT FROM d.consensus
      RETURNING t.n
    )
    SELECT COALESCE(bool_or(n <= 0), false) FROM removed$q$, changed) INTO emptied;
  IF emptied THEN
    DELETE FROM "JudgeScoreTally" WHERE n <= 0;
  END IF;
  IF TG_LEVEL = 'ROW' THEN
    RETURN OLD;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION monitor_rollup_on_human_judgments() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k constant text := '"projectId", "criterionKey", "targetKey"';
BEGIN
  -- Only spot checks of sampled production answers move a rollup: every other
  -- consensus (golden datasets, pairwise targets) returns here, before the
  -- dynamic statement is planned.
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_table t JOIN "TrafficSample" s ON s."outputId" = t."targetKey") THEN
      RETURN NULL;
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM new_table t JOIN "TrafficSample" s ON s."outputId" = t."targetKey") THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    EXECUTE monitor_rollup_consensus_sql(format('SELECT %s, consensus[1] AS human, 1 AS sign FROM new_table UNION ALL SELECT %s, NULL, -1 FROM new_table', k, k));
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE monitor_rollup_consensus_sql(format('SELECT %s, consensus[1] AS human, -1 AS sign FROM old_table UNION ALL SELECT %s, NULL, 1 FROM old_table', k, k));
  ELSE
    EXECUTE monitor_rollup_consensus_sql(format('SELECT %s, consensus[1] AS human, 1 AS sign FROM new_table UNION ALL SELECT %s, consensus[1], -1 FROM old_table', k, k));
  END IF;
  RETURN NULL;
END $$;

ALTER FUNCTION judge_score_tally_apply() SET join_collapse_limit = 1;
ALTER FUNCTION monitor_rollup_on_human_judgments() SET join_collapse_limit = 1;
ALTER FUNCTION monitor_rollup_on_judge_scores() SET join_collapse_limit = 1;
