-- Issue 20 R31: reports to the county committee (及时向县委报告有关情况). Each 考核工作情况报告 the office issues is
-- recorded with its document number (a sequence per county and issuing year), its period and the figures it
-- stated, so that the list of reports sent and what each said stays after the year's data moves on.
CREATE TABLE "committee_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"period" text NOT NULL,
	"period_index" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"issued_year" integer NOT NULL,
	"seq" integer NOT NULL,
	"issued_on" date NOT NULL,
	"summary" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "committee_reports_period" CHECK ("period" IN ('month', 'quarter', 'half', 'year')),
	CONSTRAINT "committee_reports_range" CHECK ("period_from" <= "period_to")
);
--> statement-breakpoint
ALTER TABLE "committee_reports" ADD CONSTRAINT "committee_reports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "committee_reports_number" ON "committee_reports" USING btree ("tenant_id","issued_year","seq");--> statement-breakpoint
CREATE INDEX "committee_reports_tenant_year" ON "committee_reports" USING btree ("tenant_id","year");
