-- Why: analytic results (agreement, comparisons, leaderboards) are cached per
-- app server (lib/db/analytic-cache.ts). A cached result stays valid while
-- this sequence has not moved: every statement that writes a table those
-- figures are computed from bumps it once (a statement-level trigger, so a
-- 100k-row import costs one nextval, not 100k). A sequence, not a counter row:
-- nextval takes no row lock, so concurrent review submits never queue on it.
-- It is database-wide on purpose (any write anywhere invalidates): cheap to
-- read and never wrong; the cache's refresh interval bounds the recomputation
-- rate on a busy database. Tables that hold no input of these figures (auth,
-- audit, rate limits, traffic, imports' bookkeeping, LLM calls) are left out.

CREATE SEQUENCE analytic_data_version;

CREATE FUNCTION analytic_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM nextval('analytic_data_version');
  RETURN NULL;
END
$fn$;

DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'User', 'Membership', 'Project', 'Dataset', 'DatasetVersion', 'DatasetItem', 'Run', 'Output',
    'Rubric', 'RubricVersion', 'Criterion', 'Judge', 'JudgeRun', 'JudgeDefinition', 'CalibrationSplit',
    'JudgeScore', 'JudgeScoreByItem', 'PairwiseJudgeScore', 'ReviewSetup', 'ReviewTask', 'ReviewTaskOutput',
    'Assignment', 'Label', 'LabelValue', 'LabelRevision', 'GroundTruth', 'HumanJudgment', 'JudgmentProfile', 'BudgetPlan'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER analytic_data_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION analytic_data_version_bump()',
      t);
    -- Imports write with session_replication_role = replica (no per-row FK
    -- checks): the bump must fire there too, like every trigger of the schema.
    EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER analytic_data_version_bump', t);
  END LOOP;
END
$do$;
