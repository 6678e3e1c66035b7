-- Sessions that end: the session JWT carries the user's sessionVersion from
-- sign-in, and a request whose JWT carries an older one is not signed in.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- A new password ends every session of the user, whichever code path (or
-- psql) sets it.
CREATE FUNCTION "end_sessions_on_password_change"() RETURNS trigger AS $$
BEGIN
  IF NEW."passwordHash" IS DISTINCT FROM OLD."passwordHash" THEN
    NEW."sessionVersion" := OLD."sessionVersion" + 1;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "User_end_sessions_on_password_change"
  BEFORE UPDATE OF "passwordHash" ON "User"
  FOR EACH ROW EXECUTE FUNCTION "end_sessions_on_password_change"();

-- Fires even with session_replication_role = replica (see 20261127110000_triggers_fire_always).
ALTER TABLE "User" ENABLE ALWAYS TRIGGER "User_end_sessions_on_password_change";
