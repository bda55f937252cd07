ALTER TABLE "items" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "withdrawn_reason" text;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "withdrawn_at" timestamp with time zone;