DROP INDEX "accounts_tenant_idx";--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "sync_rank" text;--> statement-breakpoint
CREATE INDEX "accounts_tenant_created_id_idx" ON "accounts" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "policy_summaries_policyholder_idx" ON "policy_summaries" USING btree ("tenant_id","policyholder_contact_id");--> statement-breakpoint
CREATE INDEX "policy_summaries_members_gin" ON "policy_summaries" USING gin ("member_contact_ids");--> statement-breakpoint
CREATE INDEX "inbox_processed_at_idx" ON "inbox" USING btree ("processed_at");