-- Issue 20 R35: each unit's leadership team and principal leaders per year (names, posts, dates in post), for the
-- organisation department's cadre files. Readable by the office and leaders only; every read is audited.
CREATE TABLE "unit_leaders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"post" text NOT NULL,
	"principal" boolean DEFAULT false NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_leaders_dates" CHECK ("ended_on" IS NULL OR "started_on" <= "ended_on")
);
--> statement-breakpoint
ALTER TABLE "unit_leaders" ADD CONSTRAINT "unit_leaders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_leaders" ADD CONSTRAINT "unit_leaders_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unit_leaders_tenant_year_unit" ON "unit_leaders" USING btree ("tenant_id","year","unit_id");
