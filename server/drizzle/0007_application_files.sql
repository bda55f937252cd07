CREATE TABLE "application_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"material_code" text,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sm3" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploader_kind" text NOT NULL,
	"event_seq" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- applications made before forms existed get the default form (DEFAULT_FORM) and no material list
ALTER TABLE "applications" ADD COLUMN "form_definition" jsonb NOT NULL DEFAULT '{"type": "object", "properties": {"applicantName": {"type": "string", "title": "申请人", "x-prefill": "applicant.name", "maxLength": 100}, "contactPhone": {"type": "string", "title": "联系电话", "x-prefill": "applicant.phone", "maxLength": 20}, "request": {"type": "string", "title": "申请事项说明", "x-multiline": true, "maxLength": 2000, "minLength": 1}}, "required": ["request"], "x-order": ["applicantName", "contactPhone", "request"]}'::jsonb;--> statement-breakpoint
ALTER TABLE "applications" ALTER COLUMN "form_definition" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "materials" jsonb NOT NULL DEFAULT '[]'::jsonb;--> statement-breakpoint
ALTER TABLE "applications" ALTER COLUMN "materials" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "commitment" jsonb;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "commitment_signed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "pending_role" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "claimed_by" uuid;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "warning_checked_on" date;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "deadline_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "application_files" ADD CONSTRAINT "application_files_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_files" ADD CONSTRAINT "application_files_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_files_application_idx" ON "application_files" USING btree ("application_id","created_at");--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_claimed_by_accounts_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_warning_idx" ON "applications" USING btree ("warning","region_code");--> statement-breakpoint
UPDATE "applications" SET "pending_role" = CASE WHEN "status" IN ('submitted', 'decided') THEN 'window_clerk' WHEN "status" IN ('accepted', 'under_review') THEN 'approver' ELSE NULL END;
