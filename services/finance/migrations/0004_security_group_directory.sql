-- The tenants' security groups as this service knows them, from the account service's events (X-3 read model, decision 0024).
-- This service's first tenant table: the function its row-level security policies read (as in account 0005, decision 0023).
CREATE OR REPLACE FUNCTION agencyflow_tenants() RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT string_to_array(nullif(current_setting('agencyflow.tenants', true), ''), ',') $$;
--> statement-breakpoint
CREATE TABLE "security_group_directory" (
	"tenant_id" text NOT NULL,
	"group_id" uuid NOT NULL,
	"name" text NOT NULL,
	"permissions" text[] NOT NULL,
	"members" text[] NOT NULL,
	"revision" integer NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "security_group_directory_tenant_id_group_id_pk" PRIMARY KEY("tenant_id","group_id")
);
--> statement-breakpoint
ALTER TABLE "security_group_directory" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "security_group_directory" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "security_group_directory" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
