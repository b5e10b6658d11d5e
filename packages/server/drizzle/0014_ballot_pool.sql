-- Issue 14 item 1: ballots wait sealed (AES-256-GCM under a key kept outside the database) in a pool, and are
-- revealed into "ballots" in shuffled batches of at least k per rater group (modules/evaluation/pool.ts). A pool row
-- carries no mark in the clear, no time and no order; its ciphertext has the same length for every ballot of its
-- campaign.
CREATE TABLE "ballot_pool" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"rater_group" text NOT NULL,
	"key_id" text NOT NULL,
	"sealed" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ballot_pool" ADD CONSTRAINT "ballot_pool_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_pool" ADD CONSTRAINT "ballot_pool_campaign_id_evaluation_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."evaluation_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ballot_pool_campaign" ON "ballot_pool" USING btree ("campaign_id","rater_group");
