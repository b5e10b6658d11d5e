-- Issue 15 part B: unit groups are the county's data (retire, version); units have a validity (机构改革);
-- successions record merges, splits and renames.
ALTER TABLE "unit_groups" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "unit_groups" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "valid_from" date;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "valid_to" date;--> statement-breakpoint
-- An inactive unit was never counted in any year before this migration: keep it so (it ended before it began).
UPDATE "units" SET "valid_to" = ("created_at" AT TIME ZONE 'Asia/Shanghai')::date - 1 WHERE "active" = false;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_validity" CHECK ("valid_from" IS NULL OR "valid_to" IS NULL OR "valid_from" <= "valid_to");--> statement-breakpoint
CREATE TABLE "unit_successions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_unit_id" uuid NOT NULL,
	"to_unit_id" uuid NOT NULL,
	"effective_on" date NOT NULL,
	"carries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_successions_kind" CHECK ("kind" IN ('merge', 'split', 'rename')),
	CONSTRAINT "unit_successions_not_self" CHECK ("from_unit_id" <> "to_unit_id")
);
--> statement-breakpoint
ALTER TABLE "unit_successions" ADD CONSTRAINT "unit_successions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_successions" ADD CONSTRAINT "unit_successions_from_unit_id_units_id_fk" FOREIGN KEY ("from_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_successions" ADD CONSTRAINT "unit_successions_to_unit_id_units_id_fk" FOREIGN KEY ("to_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "unit_successions_tenant_from_to" ON "unit_successions" USING btree ("tenant_id","from_unit_id","to_unit_id");--> statement-breakpoint
CREATE INDEX "unit_successions_tenant_event" ON "unit_successions" USING btree ("tenant_id","event_id");
