-- SR-7 Convert to Individual (decision 0030): the fields users changed on a sales record after it was made (they win at
-- conversion), and when and by whom it was converted.
ALTER TABLE "sales_records" ADD COLUMN "edited_fields" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_records" ADD COLUMN "converted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sales_records" ADD COLUMN "converted_by" text;