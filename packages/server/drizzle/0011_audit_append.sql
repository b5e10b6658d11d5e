-- Appending to the audit chain in one round trip (modules/audit/service.ts recordAudit). The chain's lock is held
-- until the writing transaction commits; doing the lock, the read of the last hash and the insert inside one
-- function call keeps that time short. In READ COMMITTED each statement of a (volatile) function takes a fresh
-- snapshot, so the read after the lock sees the row the previous holder committed. The hash is computed exactly as
-- the application verifies it: sha256(prev_hash || '\n' || canonical JSON of the record's fields), hex.
CREATE OR REPLACE FUNCTION audit_append(
  p_tenant_id uuid,
  p_at timestamptz,
  p_actor_id uuid,
  p_actor_name text,
  p_actor_role text,
  p_ip text,
  p_action text,
  p_entity_type text,
  p_entity_id text,
  p_summary text,
  p_before jsonb,
  p_after jsonb,
  p_canonical text
) RETURNS void AS $$
DECLARE
  prev text;
BEGIN
  PERFORM pg_advisory_xact_lock(727275);
  SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  INSERT INTO audit_log (tenant_id, at, actor_id, actor_name, actor_role, ip, action, entity_type, entity_id, summary,
                         before, after, prev_hash, hash)
  VALUES (p_tenant_id, p_at, p_actor_id, p_actor_name, p_actor_role, p_ip, p_action, p_entity_type, p_entity_id,
          p_summary, p_before, p_after, prev,
          encode(sha256(convert_to(prev || E'\n' || p_canonical, 'UTF8')), 'hex'));
END;
$$ LANGUAGE plpgsql;
