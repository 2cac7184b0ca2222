ALTER TABLE "policies" ADD COLUMN "synced_from" uuid;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "sync_fingerprint" text;--> statement-breakpoint
ALTER TABLE "policy_members" ADD COLUMN "person_key" text;--> statement-breakpoint
CREATE INDEX "policies_synced_from_idx" ON "policies" USING btree ("tenant_id","synced_from") WHERE "policies"."synced_from" is not null;--> statement-breakpoint
CREATE INDEX "inbox_processed_at_idx" ON "inbox" USING btree ("processed_at");--> statement-breakpoint
-- The SQL twin of deterministicUuid() in @agencyflow/contracts (SHA-256 of the parts joined by
-- U+001F, version nibble 8): a sync computes contact and account ids in the statement that
-- copies the rows. A test checks that both forms give the same id.
CREATE FUNCTION "deterministic_uuid"(parts text[]) RETURNS uuid
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-8' || substr(h, 14, 3) || '-'
          || to_hex((('x' || substr(h, 17, 1))::bit(4)::int & 3) | 8) || substr(h, 18, 3) || '-' || substr(h, 21, 12))::uuid
  FROM (SELECT encode(sha256(convert_to(array_to_string(parts, chr(31)), 'UTF8')), 'hex') AS h) AS digest
$$;
