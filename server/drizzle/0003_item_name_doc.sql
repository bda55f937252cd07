ALTER TABLE "items" ADD COLUMN "name_doc" "tsvector";--> statement-breakpoint
CREATE INDEX "items_name_idx" ON "items" USING gin ("name_doc");