-- The product's fixed roles (PRODUCT §1). Permissions per role live in code: src/modules/auth/roles.ts.
INSERT INTO "roles" ("code", "name_zh", "name_en", "is_admin") VALUES
  ('office', '考核办', 'Assessment office', false),
  ('assessor', '考核主体', 'Assessor', false),
  ('unit', '被考核单位', 'Assessed unit', false),
  ('leader', '县领导', 'County leader', false),
  ('sysadmin', '系统管理员', 'System administrator', true),
  ('secadmin', '安全管理员', 'Security administrator', true),
  ('auditor', '审计管理员', 'Audit administrator', true);
--> statement-breakpoint
-- The audit log is append-only: no UPDATE or DELETE, whoever asks (retention pruning is a separate, audited path).
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
