-- Issue 17: the periodic rankings a `rankPlaces` deduction reads (e.g. the city's monthly ranking of townships),
-- entered by the office as the year's data: one row per ranking and period, its places as JSON (sub-unit name, the
-- assessed unit it belongs to, place).
CREATE TABLE "ranking_tables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"ranking" text NOT NULL,
	"period" text NOT NULL,
	"period_date" date,
	"size" integer NOT NULL,
	"places" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ranking_tables_size" CHECK ("size" >= 1)
);
--> statement-breakpoint
ALTER TABLE "ranking_tables" ADD CONSTRAINT "ranking_tables_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ranking_tables_tenant_year_period" ON "ranking_tables" USING btree ("tenant_id","year","ranking","period");
