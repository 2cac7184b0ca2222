-- Rows written once and then updated in place, set-based, by runs and sales workflows: room left
-- on each page lets those updates be HOT (no new index entries, no dead ones for the reads that
-- follow) when they change no indexed column (decision 0039).
-- A run's page records each individual's outcome (created / skipped / failed) once.
ALTER TABLE "sales_record_run_individuals" SET (fillfactor = 50);--> statement-breakpoint
-- SR-5 steps set a record's assignee and stage (neither indexed).
ALTER TABLE "sales_records" SET (fillfactor = 50);--> statement-breakpoint
-- SR-5 moves each record of a cohort from step to step: the cohort alone is indexed, so the move is HOT.
ALTER TABLE "sales_record_workflows" SET (fillfactor = 50);--> statement-breakpoint
DROP INDEX "sales_record_workflows_cohort_step_idx";--> statement-breakpoint
CREATE INDEX "sales_record_workflows_cohort_idx" ON "sales_record_workflows" USING btree ("cohort_id");
