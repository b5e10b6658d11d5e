-- Retention pruning (`yardstick audit prune`): the only way a record leaves the audit log. The prune path sets
-- yardstick.audit_prune_before inside its transaction; only rows older than that instant may be deleted, and
-- UPDATE stays impossible. The application refuses a cut-off younger than the retention floor (6 months).
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
DECLARE
  cutoff text := current_setting('yardstick.audit_prune_before', true);
BEGIN
  IF TG_OP = 'DELETE' AND cutoff IS NOT NULL AND cutoff <> '' AND OLD.at < cutoff::timestamptz THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
