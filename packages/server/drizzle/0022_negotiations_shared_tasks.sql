-- Issue 20 R32: targets negotiated with the city (把指标定实). A responsible unit records, per city indicator, the target
-- it proposes, the city's target, its reasons, each contact with the city counterpart and the outcome, before the
-- city's deadline.
CREATE TABLE "target_negotiations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"city_indicator_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"deadline" date NOT NULL,
	"city_target" text NOT NULL,
	"proposed_target" text NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason_note" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"final_target" text,
	"outcome_note" text,
	"closed_on" date,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "target_negotiations_status" CHECK ("status" IN ('open', 'accepted', 'adjusted', 'kept'))
);
--> statement-breakpoint
ALTER TABLE "target_negotiations" ADD CONSTRAINT "target_negotiations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_negotiations" ADD CONSTRAINT "target_negotiations_city_indicator_id_fk" FOREIGN KEY ("city_indicator_id") REFERENCES "public"."city_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_negotiations" ADD CONSTRAINT "target_negotiations_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "target_negotiations_indicator_unit" ON "target_negotiations" USING btree ("tenant_id","city_indicator_id","unit_id");--> statement-breakpoint
CREATE INDEX "target_negotiations_tenant_year" ON "target_negotiations" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE TABLE "negotiation_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"negotiation_id" uuid NOT NULL,
	"contact_on" date NOT NULL,
	"county_person" text NOT NULL,
	"city_person" text NOT NULL,
	"channel" text,
	"summary" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "negotiation_contacts" ADD CONSTRAINT "negotiation_contacts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiation_contacts" ADD CONSTRAINT "negotiation_contacts_negotiation_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."target_negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "negotiation_contacts_negotiation" ON "negotiation_contacts" USING btree ("negotiation_id");--> statement-breakpoint
-- Issue 20 R33: a task shared by several units names a lead and each unit's share (shares sum to 1); a unit may
-- dispute its assignment and the office rules.
CREATE TABLE "shared_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"ref_id" text NOT NULL,
	"title" text NOT NULL,
	"lead_unit_id" uuid NOT NULL,
	"shares" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shared_tasks_kind" CHECK ("kind" IN ('indicator', 'supervision'))
);
--> statement-breakpoint
ALTER TABLE "shared_tasks" ADD CONSTRAINT "shared_tasks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_tasks" ADD CONSTRAINT "shared_tasks_lead_unit_id_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "shared_tasks_tenant_year_ref" ON "shared_tasks" USING btree ("tenant_id","year","kind","ref_id");--> statement-breakpoint
CREATE TABLE "shared_task_disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"proposal" text,
	"status" text DEFAULT 'open' NOT NULL,
	"ruling" text,
	"ruled_by" uuid,
	"ruled_at" timestamp with time zone,
	"filed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shared_task_disputes_status" CHECK ("status" IN ('open', 'upheld', 'dismissed'))
);
--> statement-breakpoint
ALTER TABLE "shared_task_disputes" ADD CONSTRAINT "shared_task_disputes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_task_disputes" ADD CONSTRAINT "shared_task_disputes_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."shared_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_task_disputes" ADD CONSTRAINT "shared_task_disputes_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shared_task_disputes_task" ON "shared_task_disputes" USING btree ("task_id");
