-- Carrier feed imports become jobs (docs/decisions/0033-carrier-feed-imports-are-jobs.md): staged at
-- upload, written page by page by a workflow. Rows and their outcomes get a table of their own (the
-- rejections and outcomes CSVs), and the import's scratch (policies and members it has seen) moves
-- from temporary tables into two tables keyed by the import.
CREATE TABLE "carrier_feed_import_members" (
	"import_id" uuid NOT NULL,
	"carrier" text NOT NULL,
	"policy_number" text NOT NULL,
	"member_key" text NOT NULL,
	"tenant_id" text NOT NULL,
	"first_row" integer NOT NULL,
	CONSTRAINT "carrier_feed_import_members_import_id_carrier_policy_number_member_key_pk" PRIMARY KEY("import_id","carrier","policy_number","member_key")
);
--> statement-breakpoint
CREATE TABLE "carrier_feed_import_policies" (
	"import_id" uuid NOT NULL,
	"carrier" text NOT NULL,
	"policy_number" text NOT NULL,
	"tenant_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"first_row" integer NOT NULL,
	"outcome" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "carrier_feed_import_policies_import_id_carrier_policy_number_pk" PRIMARY KEY("import_id","carrier","policy_number")
);
--> statement-breakpoint
CREATE TABLE "carrier_feed_import_rows" (
	"import_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"tenant_id" text NOT NULL,
	"staged" text,
	"outcome" text,
	"reason" text,
	"policy_id" uuid,
	CONSTRAINT "carrier_feed_import_rows_import_id_row_pk" PRIMARY KEY("import_id","row")
);
--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" ALTER COLUMN "finished_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" ALTER COLUMN "finished_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" ADD COLUMN "state" text DEFAULT 'queued' NOT NULL;--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" ADD COLUMN "queue_position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" ADD COLUMN "importing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" ADD COLUMN "next_row" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" ADD COLUMN "pages_written" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" ADD COLUMN "rows_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" ADD COLUMN "failure" text;--> statement-breakpoint
CREATE INDEX "carrier_feed_imports_queue_idx" ON "carrier_feed_imports" USING btree ("tenant_id","queue_position");--> statement-breakpoint
-- Imports recorded before this migration finished in their own transaction.
UPDATE "carrier_feed_imports" SET "state" = 'completed', "finished_at" = coalesce("finished_at", "started_at"), "rows_done" = "rows_total", "importing_since" = "started_at";--> statement-breakpoint
INSERT INTO "carrier_feed_import_rows" ("import_id", "row", "tenant_id", "outcome", "reason")
  SELECT i."id", (r->>'row')::int, i."tenant_id", 'rejected', r->>'reason'
  FROM "carrier_feed_imports" i, jsonb_array_elements(i."rejections") r
  ON CONFLICT DO NOTHING;--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" DROP COLUMN "rejections";--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" DROP COLUMN "rejections_omitted";--> statement-breakpoint
ALTER TABLE "carrier_feed_import_rows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "carrier_feed_import_rows" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "carrier_feed_import_rows" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));--> statement-breakpoint
ALTER TABLE "carrier_feed_import_policies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "carrier_feed_import_policies" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "carrier_feed_import_policies" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));--> statement-breakpoint
ALTER TABLE "carrier_feed_import_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "carrier_feed_import_members" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "carrier_feed_import_members" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
