-- Row-level security that the planner can cost (docs/decisions/0023-row-level-security.md, "Plans").
-- `tenant_id = ANY (agencyflow_tenants())` made the tenant an index condition over an array the
-- planner cannot see into: it costs every index probe as ten (its default for an unknown array)
-- and so turned the per-page lookups of bulk imports and syncs into hash joins over the whole
-- tenant (a 100,000-row import ran ten times slower). The check is now a per-row filter through a
-- function the planner does not inline: every query already names its tenant (or a key) for the
-- index, and the filter still refuses any row of a tenant the transaction does not act for.
CREATE OR REPLACE FUNCTION agencyflow_sees(tenant text) RETURNS boolean
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  AS $$ BEGIN RETURN tenant = ANY (agencyflow_tenants()); END $$;
--> statement-breakpoint
ALTER POLICY tenant_isolation ON "security_group_directory" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
