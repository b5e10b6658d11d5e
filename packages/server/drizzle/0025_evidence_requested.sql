-- A return may ask the unit for evidence (issue 18): the unit can then attach files even when the indicator takes
-- none otherwise, and must attach one before it resubmits.
ALTER TABLE "reports" ADD COLUMN "evidence_requested" boolean DEFAULT false NOT NULL;
