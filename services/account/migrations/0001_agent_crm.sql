CREATE TABLE "agent_crm_businesses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fmo_tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'provisioning' NOT NULL,
	"policy_sync_enabled" boolean NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_crm_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"npn" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_sync_runs" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"business_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"state" text NOT NULL,
	"requested_by" text NOT NULL,
	"npns" text[] NOT NULL,
	"totals" jsonb NOT NULL,
	"reason" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "sync_fingerprint" text;--> statement-breakpoint
ALTER TABLE "agent_crm_users" ADD CONSTRAINT "agent_crm_users_business_id_agent_crm_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."agent_crm_businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_sync_runs" ADD CONSTRAINT "policy_sync_runs_business_id_agent_crm_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."agent_crm_businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_crm_businesses_fmo_idx" ON "agent_crm_businesses" USING btree ("fmo_tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_crm_users_email_uq" ON "agent_crm_users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "agent_crm_users_business_idx" ON "agent_crm_users" USING btree ("business_id");--> statement-breakpoint
CREATE INDEX "policy_sync_runs_business_idx" ON "policy_sync_runs" USING btree ("business_id","started_at");