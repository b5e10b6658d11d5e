CREATE TABLE "tie_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"group_id" text NOT NULL,
	"tier" text NOT NULL,
	"score" double precision NOT NULL,
	"unit_order" jsonb NOT NULL,
	"meeting_date" text NOT NULL,
	"minutes_ref" text NOT NULL,
	"note" text,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tie_decisions" ADD CONSTRAINT "tie_decisions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tie_decisions_tenant_year_group_tier" ON "tie_decisions" USING btree ("tenant_id","year","group_id","tier");--> statement-breakpoint
CREATE TABLE "result_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"reason" text NOT NULL,
	"appeal_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"base_snapshot_id" uuid NOT NULL,
	"scheme_version_id" uuid,
	"inputs_digest" text NOT NULL,
	"preview" jsonb NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"blockers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"prepared_by" uuid,
	"prepared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"approval_note" text,
	"snapshot_id" uuid,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "result_corrections" ADD CONSTRAINT "result_corrections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_corrections" ADD CONSTRAINT "result_corrections_base_snapshot_id_fk" FOREIGN KEY ("base_snapshot_id") REFERENCES "public"."result_snapshots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "result_corrections_tenant_year" ON "result_corrections" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "result_corrections_open" ON "result_corrections" USING btree ("tenant_id","year") WHERE "status" IN ('draft', 'approved');--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "correction_id" uuid;
