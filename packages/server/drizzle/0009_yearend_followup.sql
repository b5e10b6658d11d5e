CREATE TABLE "rectification_progress" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"rectification_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"progress" double precision,
	"note" text NOT NULL,
	"by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "yearend_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"appeal_window_days" integer,
	"tier_coefficients" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rectification_progress" ADD CONSTRAINT "rectification_progress_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_progress" ADD CONSTRAINT "rectification_progress_rectification_id_rectifications_id_fk" FOREIGN KEY ("rectification_id") REFERENCES "public"."rectifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "yearend_settings" ADD CONSTRAINT "yearend_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rectification_progress_item" ON "rectification_progress" USING btree ("rectification_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "yearend_settings_tenant_year" ON "yearend_settings" USING btree ("tenant_id","year");