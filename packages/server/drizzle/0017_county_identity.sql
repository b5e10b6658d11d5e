-- Issue 15 part A: a county's official identity (the names on its documents).
-- 发文机关 (red header), the document-number pattern ({year} optional, {n} required) and the signature organ.
-- Counties that exist already keep the look their documents have had until now.
ALTER TABLE "tenants" ADD COLUMN "issuing_organ" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "doc_number_pattern" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "signature_organ" text;--> statement-breakpoint
UPDATE "tenants" SET
  "issuing_organ" = "name" || '考核工作领导小组办公室',
  "doc_number_pattern" = '县考核办〔{year}〕{n}号',
  "signature_organ" = '中共' || "name" || '委考核工作领导小组办公室';--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_doc_number_pattern_n" CHECK ("doc_number_pattern" IS NULL OR position('{n}' in "doc_number_pattern") > 0);
