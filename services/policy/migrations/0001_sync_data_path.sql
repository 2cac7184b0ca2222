ALTER TABLE "policies" ADD COLUMN "synced_from" uuid;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "sync_fingerprint" text;--> statement-breakpoint
ALTER TABLE "policy_members" ADD COLUMN "person_key" text;--> statement-breakpoint
CREATE INDEX "policies_synced_from_idx" ON "policies" USING btree ("tenant_id","synced_from") WHERE "policies"."synced_from" is not null;--> statement-breakpoint
CREATE INDEX "inbox_processed_at_idx" ON "inbox" USING btree ("processed_at");--> statement-breakpoint
-- The SQL twin of deterministicUuid() in @agencyflow/contracts (SHA-256 of the parts joined by
-- U+001F, the first 16 bytes with the version nibble 8 and the RFC variant): a sync computes contact and account ids in the statement that
-- copies the rows. A test checks that both forms give the same id.
CREATE FUNCTION "deterministic_uuid"(parts text[]) RETURNS uuid
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT encode(set_byte(set_byte(substring(d from 1 for 16), 6, (get_byte(d, 6) & 15) | 128), 8, (get_byte(d, 8) & 63) | 128), 'hex')::uuid
  FROM (SELECT sha256(convert_to(array_to_string(parts, chr(31)), 'UTF8')) AS d) AS digest
$$;
