CREATE TABLE "appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"indicator_id" text,
	"reason" text NOT NULL,
	"request" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"correction_snapshot_id" uuid,
	"filed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"rater_group" text NOT NULL,
	"marks" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "city_indicator_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"city_indicator_id" uuid NOT NULL,
	"name" text NOT NULL,
	"due" text NOT NULL,
	"light" text,
	"light_on" text,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "city_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"city_department" text,
	"points" double precision,
	"lead_unit_id" uuid,
	"unit_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"indicator_id" text,
	"result_score" double precision,
	"result_max" double precision,
	"result_rank" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"config" jsonb NOT NULL,
	"tally" jsonb,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"stored_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "light_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"unit_id" uuid NOT NULL,
	"indicator_id" text NOT NULL,
	"node_id" text NOT NULL,
	"light" text NOT NULL,
	"previous" text,
	"reason" text NOT NULL,
	"day" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"unit_id" uuid NOT NULL,
	"indicator_id" text NOT NULL,
	"node_id" text NOT NULL,
	"light" text NOT NULL,
	"reason" text NOT NULL,
	"due" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"dedupe_key" text,
	"read_at" timestamp with time zone,
	"digested_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"unit_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"finding" text NOT NULL,
	"measures" text,
	"deadline" text NOT NULL,
	"progress" double precision DEFAULT 0 NOT NULL,
	"progress_note" text,
	"status" text DEFAULT 'open' NOT NULL,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"verify_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "red_light_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"unit_id" uuid NOT NULL,
	"source" text NOT NULL,
	"indicator_id" text,
	"node_id" text,
	"source_ref" uuid,
	"title" text NOT NULL,
	"opened_on" text NOT NULL,
	"answer_due" text NOT NULL,
	"explanation" text,
	"measures" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"office_note" text,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"unit_id" uuid NOT NULL,
	"indicator_id" text NOT NULL,
	"node_id" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"progress" double precision,
	"value" double precision,
	"inputs" jsonb,
	"grade" text,
	"narrative" text,
	"verified_value" double precision,
	"assessor_score" double precision,
	"score_reason" text,
	"return_reason" text,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"changed_after_approval" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"scheme_version_id" uuid,
	"inputs_digest" text NOT NULL,
	"preview" jsonb NOT NULL,
	"blockers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"computed_by" uuid,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"approval_note" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"scheme_version_id" uuid,
	"engine_version" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"results" jsonb NOT NULL,
	"digest" text NOT NULL,
	"reason" text,
	"supersedes_id" uuid,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduler_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job" text NOT NULL,
	"day" text NOT NULL,
	"instance" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "supervision_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"source" text,
	"leader" text,
	"content" text,
	"owner_unit_id" uuid NOT NULL,
	"co_unit_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deadline" text NOT NULL,
	"status" text DEFAULT 'ongoing' NOT NULL,
	"progress" double precision DEFAULT 0 NOT NULL,
	"indicator_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_progress" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"progress" double precision NOT NULL,
	"note" text NOT NULL,
	"reported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voting_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"rater_group" text NOT NULL,
	"rater_unit_id" uuid,
	"code_hash" text NOT NULL,
	"used" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_snapshot_id_result_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."result_snapshots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_campaign_id_evaluation_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."evaluation_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_indicator_nodes" ADD CONSTRAINT "city_indicator_nodes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_indicator_nodes" ADD CONSTRAINT "city_indicator_nodes_city_indicator_id_city_indicators_id_fk" FOREIGN KEY ("city_indicator_id") REFERENCES "public"."city_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_indicators" ADD CONSTRAINT "city_indicators_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_indicators" ADD CONSTRAINT "city_indicators_lead_unit_id_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_campaigns" ADD CONSTRAINT "evaluation_campaigns_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_history" ADD CONSTRAINT "light_history_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_history" ADD CONSTRAINT "light_history_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lights" ADD CONSTRAINT "lights_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lights" ADD CONSTRAINT "lights_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "red_light_items" ADD CONSTRAINT "red_light_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "red_light_items" ADD CONSTRAINT "red_light_items_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_reviews" ADD CONSTRAINT "result_reviews_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_reviews" ADD CONSTRAINT "result_reviews_scheme_version_id_scheme_versions_id_fk" FOREIGN KEY ("scheme_version_id") REFERENCES "public"."scheme_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_snapshots" ADD CONSTRAINT "result_snapshots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_snapshots" ADD CONSTRAINT "result_snapshots_scheme_version_id_scheme_versions_id_fk" FOREIGN KEY ("scheme_version_id") REFERENCES "public"."scheme_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_items_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_progress" ADD CONSTRAINT "supervision_progress_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_progress" ADD CONSTRAINT "supervision_progress_item_id_supervision_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."supervision_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_progress" ADD CONSTRAINT "supervision_progress_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voting_codes" ADD CONSTRAINT "voting_codes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voting_codes" ADD CONSTRAINT "voting_codes_campaign_id_evaluation_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."evaluation_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voting_codes" ADD CONSTRAINT "voting_codes_rater_unit_id_units_id_fk" FOREIGN KEY ("rater_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeals_tenant_year" ON "appeals" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE INDEX "ballots_campaign" ON "ballots" USING btree ("campaign_id","rater_group");--> statement-breakpoint
CREATE INDEX "city_indicator_nodes_indicator" ON "city_indicator_nodes" USING btree ("city_indicator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "city_indicators_tenant_year_code" ON "city_indicators" USING btree ("tenant_id","year","code");--> statement-breakpoint
CREATE INDEX "evaluation_campaigns_tenant_year" ON "evaluation_campaigns" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE INDEX "evidence_report" ON "evidence_files" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "evidence_sha" ON "evidence_files" USING btree ("tenant_id","sha256");--> statement-breakpoint
CREATE INDEX "light_history_cell" ON "light_history" USING btree ("tenant_id","year","unit_id","indicator_id","node_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lights_cell" ON "lights" USING btree ("tenant_id","year","unit_id","indicator_id","node_id");--> statement-breakpoint
CREATE INDEX "lights_tenant_year_light" ON "lights" USING btree ("tenant_id","year","light");--> statement-breakpoint
CREATE INDEX "notifications_user" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_dedupe" ON "notifications" USING btree ("user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "rectifications_tenant_year" ON "rectifications" USING btree ("tenant_id","year","status");--> statement-breakpoint
CREATE INDEX "red_light_items_tenant_year" ON "red_light_items" USING btree ("tenant_id","year","status");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_cell" ON "reports" USING btree ("tenant_id","year","unit_id","indicator_id","node_id");--> statement-breakpoint
CREATE INDEX "reports_tenant_year_indicator" ON "reports" USING btree ("tenant_id","year","indicator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "result_reviews_tenant_year" ON "result_reviews" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "result_snapshots_tenant_year_seq" ON "result_snapshots" USING btree ("tenant_id","year","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "scheduler_runs_job_day" ON "scheduler_runs" USING btree ("job","day");--> statement-breakpoint
CREATE INDEX "supervision_items_tenant_year" ON "supervision_items" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE INDEX "supervision_progress_item" ON "supervision_progress" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "voting_codes_hash" ON "voting_codes" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "voting_codes_campaign" ON "voting_codes" USING btree ("campaign_id");--> statement-breakpoint
-- Published results never change: a correction is a new snapshot (modules/results). The digest catches a
-- change made around this trigger (e.g. by someone who drops it).
CREATE OR REPLACE FUNCTION result_snapshots_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'result_snapshots are immutable';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER result_snapshots_no_update BEFORE UPDATE OR DELETE ON "result_snapshots"
  FOR EACH ROW EXECUTE FUNCTION result_snapshots_immutable();
