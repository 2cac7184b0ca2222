-- SR-5 sales workflows (decision 0029): the tenant's workflows, the cohorts running them (one a run page), each record's
-- current step and step history, the tasks and emails the steps make, round-robin positions. A record's stage.
-- Row-level security forced on each new table (decision 0023).
CREATE TABLE "sales_record_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"sales_record_id" uuid NOT NULL,
	"step_index" integer NOT NULL,
	"title" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"assignee_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales_record_workflow_history" (
	"sales_record_id" uuid NOT NULL,
	"step_index" integer NOT NULL,
	"tenant_id" text NOT NULL,
	"cohort_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "sales_record_workflow_history_sales_record_id_step_index_pk" PRIMARY KEY("sales_record_id","step_index")
);
--> statement-breakpoint
CREATE TABLE "sales_record_workflows" (
	"sales_record_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"cohort_id" uuid NOT NULL,
	"sales_workflow_id" uuid NOT NULL,
	"current_step" integer DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"wait_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales_workflow_cohorts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"sales_workflow_id" uuid NOT NULL,
	"sales_workflow_revision" integer NOT NULL,
	"run_id" uuid NOT NULL,
	"page" integer NOT NULL,
	"steps" jsonb NOT NULL,
	"records" integer NOT NULL,
	"workflow_id" text NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"current_step" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sales_workflow_emails" (
	"sales_record_id" uuid NOT NULL,
	"step_index" integer NOT NULL,
	"tenant_id" text NOT NULL,
	"cohort_id" uuid NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"message_id" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_workflow_emails_sales_record_id_step_index_pk" PRIMARY KEY("sales_record_id","step_index")
);
--> statement-breakpoint
CREATE TABLE "sales_workflow_round_robin" (
	"tenant_id" text NOT NULL,
	"sales_workflow_id" uuid NOT NULL,
	"step_index" integer NOT NULL,
	"position" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_workflow_round_robin_sales_workflow_id_step_index_pk" PRIMARY KEY("sales_workflow_id","step_index")
);
--> statement-breakpoint
CREATE TABLE "sales_workflows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"steps" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sales_records" ADD COLUMN "stage" text;--> statement-breakpoint
ALTER TABLE "sales_record_tasks" ADD CONSTRAINT "sales_record_tasks_sales_record_id_sales_records_id_fk" FOREIGN KEY ("sales_record_id") REFERENCES "public"."sales_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_record_workflow_history" ADD CONSTRAINT "sales_record_workflow_history_sales_record_id_sales_records_id_fk" FOREIGN KEY ("sales_record_id") REFERENCES "public"."sales_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_record_workflows" ADD CONSTRAINT "sales_record_workflows_sales_record_id_sales_records_id_fk" FOREIGN KEY ("sales_record_id") REFERENCES "public"."sales_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_record_workflows" ADD CONSTRAINT "sales_record_workflows_cohort_id_sales_workflow_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."sales_workflow_cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_workflow_emails" ADD CONSTRAINT "sales_workflow_emails_sales_record_id_sales_records_id_fk" FOREIGN KEY ("sales_record_id") REFERENCES "public"."sales_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sales_record_tasks_record_step_uq" ON "sales_record_tasks" USING btree ("sales_record_id","step_index");--> statement-breakpoint
CREATE INDEX "sales_record_workflows_cohort_step_idx" ON "sales_record_workflows" USING btree ("cohort_id","current_step");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_workflow_cohorts_run_page_uq" ON "sales_workflow_cohorts" USING btree ("run_id","page");--> statement-breakpoint
CREATE INDEX "sales_workflow_emails_cohort_idx" ON "sales_workflow_emails" USING btree ("cohort_id","step_index","state");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_workflows_tenant_name_uq" ON "sales_workflows" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
ALTER TABLE "sales_record_types" ADD CONSTRAINT "sales_record_types_sales_workflow_id_sales_workflows_id_fk" FOREIGN KEY ("sales_workflow_id") REFERENCES "public"."sales_workflows"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "sales_workflows" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_workflows" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_workflows" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "sales_workflow_cohorts" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_workflow_cohorts" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_workflow_cohorts" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "sales_record_workflows" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_record_workflows" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_record_workflows" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "sales_record_workflow_history" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_record_workflow_history" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_record_workflow_history" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "sales_record_tasks" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_record_tasks" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_record_tasks" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "sales_workflow_emails" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_workflow_emails" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_workflow_emails" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
--> statement-breakpoint
ALTER TABLE "sales_workflow_round_robin" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sales_workflow_round_robin" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sales_workflow_round_robin" USING (agencyflow_sees(tenant_id)) WITH CHECK (agencyflow_sees(tenant_id));
