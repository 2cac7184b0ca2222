-- Tenancy enforced by the database (X-3, docs/decisions/0023-row-level-security.md).
-- The tenants a transaction acts for: set per transaction by the service (set_config(..., true)).
-- No setting, no tenant: every policy below is false and the transaction sees no row.
CREATE OR REPLACE FUNCTION agencyflow_tenants() RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT string_to_array(nullif(current_setting('agencyflow.tenants', true), ''), ',') $$;
--> statement-breakpoint
ALTER TABLE "account_directory" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "account_directory" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "account_directory" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "contact_directory" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "contact_directory" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "contact_directory" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "policies" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "policies" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "policies" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "policy_members" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "policy_members" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "policy_members" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "carrier_feed_imports" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "carrier_feed_imports" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
