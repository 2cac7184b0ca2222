-- Tenancy enforced by the database (X-3, docs/decisions/0023-row-level-security.md).
-- The tenants a transaction acts for: set per transaction by the service (set_config(..., true)).
-- No setting, no tenant: every policy below is false and the transaction sees no row.
CREATE OR REPLACE FUNCTION agencyflow_tenants() RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT string_to_array(nullif(current_setting('agencyflow.tenants', true), ''), ',') $$;
--> statement-breakpoint
ALTER TABLE "accounts" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "accounts" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "accounts" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "servicing_agents" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "servicing_agents" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "servicing_agents" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "custom_field_definitions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "custom_field_definitions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "custom_field_definitions" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "contacts" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "contacts" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "contacts" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "deal_cards" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "deal_cards" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "deal_cards" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "contact_files" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "contact_files" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "contact_files" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "policy_summaries" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "policy_summaries" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "policy_summaries" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "history" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "history" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "history" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
-- An Agent CRM business is seen by the FMO that provisioned it and by the business itself (its
-- tenant id is its id, docs/decisions/0013); its users and sync runs wherever the business is seen.
ALTER TABLE "agent_crm_businesses" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "agent_crm_businesses" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "agent_crm_businesses" USING (fmo_tenant_id = ANY (agencyflow_tenants()) OR id::text = ANY (agencyflow_tenants())) WITH CHECK (fmo_tenant_id = ANY (agencyflow_tenants()) OR id::text = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "agent_crm_users" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "agent_crm_users" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "agent_crm_users" USING (EXISTS (SELECT 1 FROM agent_crm_businesses b WHERE b.id = business_id)) WITH CHECK (EXISTS (SELECT 1 FROM agent_crm_businesses b WHERE b.id = business_id));
--> statement-breakpoint
ALTER TABLE "policy_sync_runs" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "policy_sync_runs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "policy_sync_runs" USING (EXISTS (SELECT 1 FROM agent_crm_businesses b WHERE b.id = business_id)) WITH CHECK (EXISTS (SELECT 1 FROM agent_crm_businesses b WHERE b.id = business_id));
--> statement-breakpoint
-- PS-3: an Agent CRM user's email is unique across every FMO. The check must see all businesses but
-- tells the caller only which of its own emails are taken; it runs as the owner (who bypasses RLS).
CREATE OR REPLACE FUNCTION agent_crm_emails_in_use(emails text[]) RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT lower(email) FROM agent_crm_users WHERE lower(email) = ANY (SELECT lower(e) FROM unnest(emails) e) $$;
