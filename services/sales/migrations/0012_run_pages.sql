-- A run's page records what it decided once, as a row; the individuals it created a record for
-- get no outcome row of their own: the (tenant, individual) link says which record they got
-- (decision 0041). Outcome rows remain for the skipped and the failed, and for pages decided before.
CREATE TABLE "sales_record_run_pages" (
	"run_id" uuid NOT NULL,
	"after_individual_id" uuid NOT NULL,
	"through_individual_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"page" integer NOT NULL,
	"processed" integer NOT NULL,
	"created" integer NOT NULL,
	"skipped" integer NOT NULL,
	"failed" integer NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_record_run_pages_run_id_after_individual_id_pk" PRIMARY KEY("run_id","after_individual_id")
);
--> statement-breakpoint
ALTER TABLE "sales_record_run_pages" ADD CONSTRAINT "sales_record_run_pages_run_id_sales_record_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sales_record_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_record_run_pages_through_idx" ON "sales_record_run_pages" USING btree ("run_id","through_individual_id");--> statement-breakpoint
ALTER TABLE "sales_record_run_pages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sales_record_run_pages" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_record_run_pages" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));--> statement-breakpoint
-- The link names the record (records are never deleted, a link never changes).
ALTER TABLE "sales_record_run_individuals" DROP COLUMN "sales_record_id";--> statement-breakpoint
-- Outcome rows are now written for the few a page does not create: no room to leave for updates.
ALTER TABLE "sales_record_run_individuals" SET (fillfactor = 100);
