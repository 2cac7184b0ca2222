-- SR-1 Individual Advanced Search (docs/decisions/0025-individual-search.md).
-- The year of birth, in the clear (HIPAA's safe harbour keeps years): date-of-birth and age filters
-- narrow by it in SQL, and the service checks the exact date, which stays encrypted in
-- date_of_birth_enc, after decrypting the narrowed rows. It cannot be backfilled here: SQL cannot
-- read the ciphertext. A row with a date of birth and no year yet is always a candidate of such a
-- filter (the answer stays exact, only slower) until the row is written again or backfilled by the
-- service (backfillBirthYears, page by page, decrypting in Node).
ALTER TABLE "contacts" ADD COLUMN "birth_year" smallint;
--> statement-breakpoint
-- Search results page by the unique keyset (last name, first name, id) within a tenant; this index
-- replaces the one without the id (same leading columns, so it serves every query the old one did).
CREATE INDEX "contacts_tenant_name_id_idx" ON "contacts" USING btree ("tenant_id","last_name","first_name","id");
--> statement-breakpoint
DROP INDEX "contacts_tenant_idx";
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"owner" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- A saved search is found by its name: unique in the tenant without case (also its list order).
CREATE UNIQUE INDEX "saved_searches_tenant_name_uq" ON "saved_searches" USING btree ("tenant_id",lower("name"));
--> statement-breakpoint
-- Row-level security forced like every tenant table (decision 0023, the planner-friendly form of 0007).
ALTER TABLE "saved_searches" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "saved_searches" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "saved_searches" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
