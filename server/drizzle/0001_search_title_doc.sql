ALTER TABLE "items" ADD COLUMN "title_doc" "tsvector";--> statement-breakpoint
CREATE INDEX "items_title_idx" ON "items" USING gin ("title_doc");