-- Agent CRM businesses as the policy service knows them (X-1 read model, X-3 sync scope re-check).
CREATE TABLE "business_directory" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"fmo_tenant_id" text NOT NULL,
	"user_npns" text[] NOT NULL,
	"state" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "business_directory" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "business_directory" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "business_directory"
  USING (fmo_tenant_id = ANY (agencyflow_tenants()) OR business_id::text = ANY (agencyflow_tenants()))
  WITH CHECK (fmo_tenant_id = ANY (agencyflow_tenants()) OR business_id::text = ANY (agencyflow_tenants()));
