-- A tenant's security groups and their members (X-3, decision 0024), row-level security forced like every tenant table (decision 0023).
CREATE TABLE "security_group_members" (
	"group_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"subject" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "security_group_members_group_id_subject_pk" PRIMARY KEY("group_id","subject")
);
--> statement-breakpoint
CREATE TABLE "security_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"permissions" text[] NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "security_group_members" ADD CONSTRAINT "security_group_members_group_id_security_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."security_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "security_group_members_tenant_subject_idx" ON "security_group_members" USING btree ("tenant_id","subject");--> statement-breakpoint
CREATE UNIQUE INDEX "security_groups_tenant_name_uq" ON "security_groups" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
ALTER TABLE "security_groups" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "security_groups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "security_groups" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
--> statement-breakpoint
ALTER TABLE "security_group_members" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "security_group_members" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "security_group_members" USING (tenant_id = ANY (agencyflow_tenants())) WITH CHECK (tenant_id = ANY (agencyflow_tenants()));
