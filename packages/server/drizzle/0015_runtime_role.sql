-- Two PostgreSQL roles (issue 14 item 4): the owner role runs the migrations and owns every table; the runtime role
-- the application serves with owns nothing, so it cannot ALTER a table or DISABLE TRIGGER around the audit guard.
-- yardstick_grant_runtime(role) gives the runtime role what the application needs and no more: SELECT, INSERT,
-- UPDATE, DELETE on the county data; SELECT and INSERT only on the append-only and immutable tables (the audit log,
-- its signed checkpoints, published result snapshots); no TRUNCATE, REFERENCES or TRIGGER anywhere. The server calls
-- it after every migration run as the owner (db/client.ts), so tables added by later migrations are covered too.
-- On PGlite (one embedded superuser) it is never called.
CREATE OR REPLACE FUNCTION yardstick_grant_runtime(runtime_role text) RETURNS void AS $$
DECLARE
  t record;
BEGIN
  IF runtime_role IS NULL OR runtime_role = '' OR runtime_role = current_user THEN
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = runtime_role AND rolsuper) THEN
    RAISE EXCEPTION 'runtime role % is a superuser: it could alter any table', runtime_role;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', runtime_role);
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'drizzle') THEN
    EXECUTE format('GRANT USAGE ON SCHEMA drizzle TO %I', runtime_role);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA drizzle FROM %I', runtime_role);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO %I', runtime_role);
  END IF;
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') LOOP
    EXECUTE format('REVOKE ALL ON TABLE public.%I FROM %I', t.relname, runtime_role);
    IF t.relname IN ('audit_log', 'audit_checkpoints', 'result_snapshots') THEN
      EXECUTE format('GRANT SELECT, INSERT ON TABLE public.%I TO %I', t.relname, runtime_role);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.%I TO %I', t.relname, runtime_role);
    END IF;
  END LOOP;
  EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', runtime_role);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', runtime_role);
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- The migration itself grants when the migrating connection names the runtime role (db/client.ts sets it).
DO $$
BEGIN
  IF coalesce(current_setting('yardstick.runtime_role', true), '') <> '' THEN
    PERFORM yardstick_grant_runtime(current_setting('yardstick.runtime_role', true));
  END IF;
END;
$$;
