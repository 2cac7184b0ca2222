-- Mass sales-record creation (SR-2..SR-6, decision 0027): sales record types, sales records (SR-3: one linked
-- record per individual, the partial unique index), runs and their individuals (the snapshot fixed at confirm, with
-- each one's outcome). Row-level security forced on each, as on every tenant table (decision 0023).
CREATE TABLE "sales_record_run_individuals" (
	"run_id" uuid NOT NULL,
	"individual_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"outcome" text,
	"reason" text,
	"sales_record_id" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "sales_record_run_individuals_run_id_individual_id_pk" PRIMARY KEY("run_id","individual_id")
);
--> statement-breakpoint
CREATE TABLE "sales_record_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"sales_record_type_id" uuid NOT NULL,
	"sales_record_type_name" text NOT NULL,
	"criteria" jsonb,
	"saved_search_id" uuid,
	"saved_search_name" text,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"workflow_id" text NOT NULL,
	"page_size" integer,
	"state" text DEFAULT 'running' NOT NULL,
	"matched" integer NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"pages" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"progressed_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sales_record_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sales_workflow_id" uuid,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"sales_record_type_id" uuid NOT NULL,
	"individual_id" uuid,
	"run_id" uuid,
	"assignee_user_id" text,
	"first_name" text NOT NULL,
	"middle_name" text,
	"last_name" text NOT NULL,
	"nickname" text,
	"title" text,
	"record_status" text,
	"secondary_email" text,
	"cell_phone" text,
	"home_phone" text,
	"address_type" text,
	"address_line1" text,
	"city" text,
	"county" text,
	"zip" text,
	"state" text,
	"gender" text,
	"date_of_birth_enc" text,
	"lead_source" text,
	"mbi_enc" text,
	"medicare_part_a_effective_date" date,
	"medicare_part_b_effective_date" date,
	"ssn_enc" text,
	"drivers_license_number_enc" text,
	"smoker_status" text,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sales_record_run_individuals" ADD CONSTRAINT "sales_record_run_individuals_run_id_sales_record_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sales_record_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_record_runs" ADD CONSTRAINT "sales_record_runs_sales_record_type_id_sales_record_types_id_fk" FOREIGN KEY ("sales_record_type_id") REFERENCES "public"."sales_record_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_records" ADD CONSTRAINT "sales_records_sales_record_type_id_sales_record_types_id_fk" FOREIGN KEY ("sales_record_type_id") REFERENCES "public"."sales_record_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_record_runs_tenant_requested_idx" ON "sales_record_runs" USING btree ("tenant_id","requested_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_record_types_tenant_name_uq" ON "sales_record_types" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "sales_records_individual_uq" ON "sales_records" USING btree ("tenant_id","individual_id") WHERE individual_id is not null;--> statement-breakpoint
CREATE INDEX "sales_records_tenant_created_id_idx" ON "sales_records" USING btree ("tenant_id","created_at","id");
--> statement-breakpoint
ALTER TABLE "sales_record_types" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_record_types" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_record_types" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "sales_records" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_records" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_records" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "sales_record_runs" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_record_runs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_record_runs" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "sales_record_run_individuals" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_record_run_individuals" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_record_run_individuals" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
