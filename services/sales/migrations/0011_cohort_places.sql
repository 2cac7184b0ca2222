-- SR-5 cohorts keep their records' place and history (decision 0041): a cohort's records are the
-- run's records in its page's range of individuals, and move together, so the cohort's current
-- step, state and wait are theirs; one history row a (cohort, step) stands for all of them. Per
-- record: only what differs (a round robin's member; emails have their own rows).
CREATE TABLE "sales_workflow_cohort_steps" (
	"cohort_id" uuid NOT NULL,
	"step_index" integer NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" text,
	"records" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "sales_workflow_cohort_steps_cohort_id_step_index_pk" PRIMARY KEY("cohort_id","step_index")
);
--> statement-breakpoint
ALTER TABLE "sales_workflow_cohort_steps" ADD CONSTRAINT "sales_workflow_cohort_steps_cohort_id_sales_workflow_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."sales_workflow_cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_workflow_cohort_steps" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sales_workflow_cohort_steps" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_workflow_cohort_steps" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));--> statement-breakpoint
ALTER TABLE "sales_workflow_cohorts" ADD COLUMN "after_individual_id" uuid;--> statement-breakpoint
ALTER TABLE "sales_workflow_cohorts" ADD COLUMN "through_individual_id" uuid;--> statement-breakpoint
ALTER TABLE "sales_workflow_cohorts" ADD COLUMN "wait_until" timestamp with time zone;--> statement-breakpoint
-- Cohorts from before: their ranges, places and step lines from their records' rows (the owner
-- backfills every tenant, so row-level security is lifted for it and put back after).
ALTER TABLE "sales_workflow_cohorts" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sales_record_workflow_history" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sales_record_workflows" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sales_records" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sales_workflow_cohort_steps" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE "sales_workflow_cohorts" c SET
  "through_individual_id" = m.last_individual,
  -- the run's last record before the cohort's first: no record of the run lies between
  "after_individual_id" = (SELECT r.individual_id FROM sales_records r WHERE r.run_id = c.run_id AND r.individual_id < m.first_individual ORDER BY r.individual_id DESC LIMIT 1),
  "wait_until" = m.wait_until,
  "state" = CASE WHEN c.state = 'completed' THEN 'completed' WHEN m.waiting THEN 'waiting' ELSE 'running' END
FROM (
  SELECT w.cohort_id, (array_agg(r.individual_id ORDER BY r.individual_id))[1] AS first_individual,
    (array_agg(r.individual_id ORDER BY r.individual_id DESC))[1] AS last_individual,
    max(w.wait_until) AS wait_until, bool_or(w.state = 'waiting') AS waiting
  FROM sales_record_workflows w JOIN sales_records r ON r.id = w.sales_record_id
  GROUP BY w.cohort_id
) m
WHERE m.cohort_id = c.id;--> statement-breakpoint
-- A cohort without a record: an empty range.
UPDATE "sales_workflow_cohorts" SET "through_individual_id" = '00000000-0000-0000-0000-000000000000' WHERE "through_individual_id" IS NULL;--> statement-breakpoint
INSERT INTO "sales_workflow_cohort_steps" (cohort_id, step_index, tenant_id, kind, outcome, records, started_at, finished_at)
SELECT cohort_id, step_index, min(tenant_id), min(kind), CASE WHEN bool_or(outcome = 'waiting') THEN 'waiting' ELSE 'done' END, count(*), min(started_at), max(finished_at)
FROM sales_record_workflow_history GROUP BY cohort_id, step_index;--> statement-breakpoint
ALTER TABLE "sales_workflow_cohorts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sales_record_workflow_history" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sales_records" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sales_workflow_cohort_steps" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sales_workflow_cohorts" ALTER COLUMN "through_individual_id" SET NOT NULL;--> statement-breakpoint
DROP TABLE "sales_record_workflows" CASCADE;
