ALTER TABLE "scheme_versions" ADD COLUMN "indicator_count" integer;--> statement-breakpoint
ALTER TABLE "scheme_versions" ADD COLUMN "group_count" integer;