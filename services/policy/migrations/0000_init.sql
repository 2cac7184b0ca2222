CREATE TABLE "account_directory" (
	"tenant_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"deleted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_directory_tenant_id_account_id_pk" PRIMARY KEY("tenant_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "carrier_feed_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"imported_by" text NOT NULL,
	"format" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rows_total" integer NOT NULL,
	"rows_valid" integer NOT NULL,
	"rows_rejected" integer NOT NULL,
	"policies_inserted" integer NOT NULL,
	"policies_updated" integer NOT NULL,
	"policies_unchanged" integer NOT NULL,
	"members_inserted" integer NOT NULL,
	"members_updated" integer NOT NULL,
	"members_unchanged" integer NOT NULL,
	"rejections" jsonb NOT NULL,
	"rejections_omitted" integer NOT NULL,
	"ignored_columns" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_directory" (
	"tenant_id" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"role" text NOT NULL,
	"deleted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_directory_tenant_id_contact_id_pk" PRIMARY KEY("tenant_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"carrier" text NOT NULL,
	"policy_number" text NOT NULL,
	"coverage_type" text NOT NULL,
	"status" text NOT NULL,
	"effective_date" date NOT NULL,
	"renewal_date" date,
	"premium" numeric(12, 2) NOT NULL,
	"writing_agent_npn" text NOT NULL,
	"account_id" uuid,
	"policyholder_contact_id" uuid,
	"revision" integer DEFAULT 1 NOT NULL,
	"source" text NOT NULL,
	"fingerprint" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policies_tenant_carrier_number_key" UNIQUE("tenant_id","carrier","policy_number"),
	CONSTRAINT "policies_revision_positive" CHECK ("policies"."revision" > 0),
	CONSTRAINT "policies_premium_non_negative" CHECK ("policies"."premium" >= 0)
);
--> statement-breakpoint
CREATE TABLE "policy_members" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"policy_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"member_key" text NOT NULL,
	"relationship" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"date_of_birth_enc" text,
	"gender" text,
	"email" text,
	"phone" text,
	"address_line1" text,
	"city" text,
	"state" text,
	"zip" text,
	"mbi_enc" text,
	"contact_id" uuid,
	"fingerprint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_members_policy_id_member_key_pk" PRIMARY KEY("policy_id","member_key"),
	CONSTRAINT "policy_members_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"message_key" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"tenant_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
ALTER TABLE "policy_members" ADD CONSTRAINT "policy_members_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "carrier_feed_imports_tenant_idx" ON "carrier_feed_imports" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE INDEX "contact_directory_account_idx" ON "contact_directory" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE INDEX "policies_tenant_account_idx" ON "policies" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE INDEX "policies_tenant_policyholder_idx" ON "policies" USING btree ("tenant_id","policyholder_contact_id");--> statement-breakpoint
CREATE INDEX "policies_tenant_npn_idx" ON "policies" USING btree ("tenant_id","writing_agent_npn","id");--> statement-breakpoint
CREATE INDEX "policy_members_contact_idx" ON "policy_members" USING btree ("tenant_id","contact_id") WHERE "policy_members"."contact_id" is not null;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("seq") WHERE published_at is null;