-- AMS contact sync (AMS-1..AMS-7, docs/decisions/0031): the tenant's connection (credentials as ciphertext),
-- the per-tenant call slot of its rate limit, contacts' and accounts' links to AMS records with their sync
-- state and last hashes, and the sync requests users follow.
CREATE TABLE "ams_account_links" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"ams_id" text NOT NULL,
	"last_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ams_connections" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"base_url" text NOT NULL,
	"credentials_enc" text NOT NULL,
	"poll_interval_seconds" integer NOT NULL,
	"rate_limit_per_second" numeric NOT NULL,
	"inbound_cursor" text,
	"last_reconciled_at" timestamp with time zone,
	"inbound_stopped_reason" text,
	"connected_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ams_contact_links" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"state" text NOT NULL,
	"ams_id" text,
	"ams_ref" text,
	"ams_kind" text,
	"synced_at" timestamp with time zone,
	"message" text,
	"last_hash" text,
	"last_modified" text,
	"request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ams_rate_slots" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"next_slot" timestamp (6) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ams_sync_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"contact_id" uuid,
	"action" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"requested_by" text NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ams_account_links" ADD CONSTRAINT "ams_account_links_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ams_contact_links" ADD CONSTRAINT "ams_contact_links_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ams_account_links_ams_id_uq" ON "ams_account_links" USING btree ("tenant_id","ams_id");--> statement-breakpoint
CREATE INDEX "ams_contact_links_account_idx" ON "ams_contact_links" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ams_contact_links_ams_id_uq" ON "ams_contact_links" USING btree ("tenant_id","ams_id");--> statement-breakpoint
CREATE INDEX "ams_contact_links_ams_ref_idx" ON "ams_contact_links" USING btree ("tenant_id","ams_ref");--> statement-breakpoint
CREATE INDEX "ams_sync_requests_account_idx" ON "ams_sync_requests" USING btree ("tenant_id","account_id","created_at");
--> statement-breakpoint
-- Row-level security forced like every tenant table (decision 0023).
ALTER TABLE "ams_connections" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "ams_connections" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "ams_connections" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
-- Row-level security forced like every tenant table (decision 0023).
ALTER TABLE "ams_rate_slots" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "ams_rate_slots" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "ams_rate_slots" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
-- Row-level security forced like every tenant table (decision 0023).
ALTER TABLE "ams_contact_links" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "ams_contact_links" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "ams_contact_links" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
-- Row-level security forced like every tenant table (decision 0023).
ALTER TABLE "ams_account_links" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "ams_account_links" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "ams_account_links" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
-- Row-level security forced like every tenant table (decision 0023).
ALTER TABLE "ams_sync_requests" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "ams_sync_requests" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "ams_sync_requests" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
