-- Verification review of address changes on financed programs (issue 12, decision 0032): the tenant's finance
-- settings and the pending address changes. Tenant tables: row-level security forced, policy as in 0005 (decision 0023).
CREATE TABLE "finance_address_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"changes" jsonb NOT NULL,
	"changed_fields" jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"remind_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "finance_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"address_review_required" boolean DEFAULT false NOT NULL,
	"review_reminder_after_days" integer DEFAULT 3 NOT NULL,
	"review_expire_after_days" integer DEFAULT 14 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "finance_address_reviews" ADD CONSTRAINT "finance_address_reviews_customer_id_finance_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."finance_customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_address_reviews" ADD CONSTRAINT "finance_address_reviews_document_id_finance_verification_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."finance_verification_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "finance_address_reviews_one_pending_uq" ON "finance_address_reviews" USING btree ("tenant_id","customer_id") WHERE "finance_address_reviews"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "finance_address_reviews_tenant_state_idx" ON "finance_address_reviews" USING btree ("tenant_id","state","requested_at","id");--> statement-breakpoint
ALTER TABLE "finance_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance_settings" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "finance_settings" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "finance_address_reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance_address_reviews" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "finance_address_reviews" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
