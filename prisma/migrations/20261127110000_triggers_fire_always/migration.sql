-- Touchstone's triggers keep derived tables exact ("HumanJudgment",
-- "JudgmentProfile", "JudgeScoreByItem"). They now fire in every session,
-- including one with session_replication_role = replica: bulk imports set it
-- so that only the per-row foreign-key checks (PostgreSQL's internal
-- triggers) are skipped, and check those once themselves (lib/imports/pg.ts).
-- A trigger added later must be enabled the same way; a DB test checks that
-- every trigger is (lib/imports/run-import.db.test.ts).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT tg.tgrelid::regclass AS rel, tg.tgname
    FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT tg.tgisinternal AND n.nspname = current_schema()
  LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', t.rel, t.tgname);
  END LOOP;
END $$;
