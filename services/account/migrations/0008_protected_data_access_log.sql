-- Who saw protected data unmasked (X-4, docs/decisions/0026-protected-data-access-log.md): append-only, never the values.
CREATE TABLE "protected_data_access_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"access_id" uuid NOT NULL,
	"entry_no" integer NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"actor_tenant_id" text NOT NULL,
	"access" text NOT NULL,
	"source" text NOT NULL,
	"request_id" text,
	"record_type" text NOT NULL,
	"record_id" text,
	"fields" text[] NOT NULL,
	"record_count" integer DEFAULT 1 NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "protected_data_access_log_access_uq" ON "protected_data_access_log" USING btree ("tenant_id","access_id","entry_no");--> statement-breakpoint
CREATE INDEX "protected_data_access_log_time_idx" ON "protected_data_access_log" USING btree ("tenant_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "protected_data_access_log_record_idx" ON "protected_data_access_log" USING btree ("tenant_id","record_id","occurred_at");--> statement-breakpoint
CREATE INDEX "protected_data_access_log_actor_idx" ON "protected_data_access_log" USING btree ("tenant_id","actor","occurred_at");--> statement-breakpoint
ALTER TABLE "protected_data_access_log" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "protected_data_access_log" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "protected_data_access_log" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
