-- Premium-finance programs, customers, contacts, invoices, verification documents and history (issue 12, FIN-1..FIN-6,
-- docs/decisions/0028). Every table is a tenant table: row-level security forced, policy as in 0005 (decision 0023).
CREATE TABLE "finance_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"phone" text,
	"company" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"address_line1" text NOT NULL,
	"address_line2" text,
	"city" text NOT NULL,
	"state" text NOT NULL,
	"zip" text NOT NULL,
	"tax_id_enc" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_history" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"change" text NOT NULL,
	"summary" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"actor" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"program_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"number" text NOT NULL,
	"amount_due" numeric(12, 2) NOT NULL,
	"due_date" date NOT NULL,
	"billing_name" text NOT NULL,
	"billing_address_line1" text NOT NULL,
	"billing_address_line2" text,
	"billing_city" text NOT NULL,
	"billing_state" text NOT NULL,
	"billing_zip" text NOT NULL,
	"billing_contact_id" uuid NOT NULL,
	"billing_contact_name" text NOT NULL,
	"billing_contact_email" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_program_contacts" (
	"tenant_id" text NOT NULL,
	"program_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "finance_program_contacts_program_id_contact_id_role_pk" PRIMARY KEY("program_id","contact_id","role")
);
--> statement-breakpoint
CREATE TABLE "finance_programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"reference" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"financed" boolean NOT NULL,
	"customer_id" uuid NOT NULL,
	"insured_name" text NOT NULL,
	"insured_address_line1" text NOT NULL,
	"insured_address_line2" text,
	"insured_city" text NOT NULL,
	"insured_state" text NOT NULL,
	"insured_zip" text NOT NULL,
	"premium" numeric(12, 2),
	"amount_financed" numeric(12, 2),
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_verification_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"document_type" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"used_at" timestamp with time zone,
	"used_for" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "finance_invoices" ADD CONSTRAINT "finance_invoices_program_id_finance_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."finance_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_invoices" ADD CONSTRAINT "finance_invoices_customer_id_finance_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."finance_customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_invoices" ADD CONSTRAINT "finance_invoices_billing_contact_id_finance_contacts_id_fk" FOREIGN KEY ("billing_contact_id") REFERENCES "public"."finance_contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_program_contacts" ADD CONSTRAINT "finance_program_contacts_program_id_finance_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."finance_programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_program_contacts" ADD CONSTRAINT "finance_program_contacts_contact_id_finance_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."finance_contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_programs" ADD CONSTRAINT "finance_programs_customer_id_finance_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."finance_customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_verification_documents" ADD CONSTRAINT "finance_verification_documents_customer_id_finance_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."finance_customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "finance_contacts_email_uq" ON "finance_contacts" USING btree ("tenant_id",lower("email")) WHERE "finance_contacts"."email" is not null;--> statement-breakpoint
CREATE INDEX "finance_contacts_tenant_name_idx" ON "finance_contacts" USING btree ("tenant_id",lower("last_name"),lower("first_name"));--> statement-breakpoint
CREATE INDEX "finance_customers_tenant_name_idx" ON "finance_customers" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE INDEX "finance_customers_tenant_email_idx" ON "finance_customers" USING btree ("tenant_id",lower("email"));--> statement-breakpoint
CREATE INDEX "finance_history_subject_idx" ON "finance_history" USING btree ("tenant_id","subject_type","subject_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "finance_invoices_number_uq" ON "finance_invoices" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "finance_invoices_tenant_program_idx" ON "finance_invoices" USING btree ("tenant_id","program_id");--> statement-breakpoint
CREATE INDEX "finance_invoices_tenant_customer_idx" ON "finance_invoices" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "finance_invoices_tenant_contact_idx" ON "finance_invoices" USING btree ("tenant_id","billing_contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "finance_program_contacts_one_signer_uq" ON "finance_program_contacts" USING btree ("program_id") WHERE "finance_program_contacts"."role" = 'signer';--> statement-breakpoint
CREATE INDEX "finance_program_contacts_tenant_contact_idx" ON "finance_program_contacts" USING btree ("tenant_id","contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "finance_programs_reference_uq" ON "finance_programs" USING btree ("tenant_id","reference");--> statement-breakpoint
CREATE INDEX "finance_programs_tenant_customer_idx" ON "finance_programs" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "finance_programs_tenant_created_id_idx" ON "finance_programs" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "finance_verification_documents_customer_idx" ON "finance_verification_documents" USING btree ("tenant_id","customer_id");--> statement-breakpoint
ALTER TABLE "finance_customers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance_customers" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "finance_customers" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "finance_contacts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance_contacts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "finance_contacts" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "finance_programs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance_programs" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "finance_programs" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "finance_program_contacts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance_program_contacts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "finance_program_contacts" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "finance_invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance_invoices" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "finance_invoices" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "finance_verification_documents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance_verification_documents" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "finance_verification_documents" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "finance_history" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance_history" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "finance_history" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
