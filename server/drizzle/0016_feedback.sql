CREATE TABLE "complaint_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"complaint_id" uuid,
	"uploaded_by" uuid NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sm3" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"filer_account_id" uuid NOT NULL,
	"item_id" uuid,
	"item_name" text,
	"staff_id" uuid,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"status" text NOT NULL,
	"due_date" date NOT NULL,
	"escalated_at" timestamp with time zone,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"filer_satisfied" boolean,
	"filer_comment" text,
	"filer_rated_at" timestamp with time zone,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "complaints_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "rating_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"window" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rating_codes_staff_org_uq" UNIQUE("staff_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_kind" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_number" text,
	"event_at" timestamp with time zone NOT NULL,
	"rater_account_id" uuid NOT NULL,
	"real_name" boolean NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"mode" text NOT NULL,
	"level" integer NOT NULL,
	"dimensions" jsonb NOT NULL,
	"tags" jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"addition" text,
	"added_at" timestamp with time zone,
	"channel" text NOT NULL,
	"item_id" uuid,
	"item_name" text NOT NULL,
	"implementation_code" text,
	"organisation_id" uuid NOT NULL,
	"staff_id" uuid,
	"region_code" text NOT NULL,
	"excluded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ratings_event_uq" UNIQUE("event_kind","event_id")
);
--> statement-breakpoint
CREATE TABLE "rectification_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rectification_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" text NOT NULL,
	"detail" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "rectification_steps_seq_uq" UNIQUE("rectification_id","seq")
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"rating_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"valid" boolean,
	"real_name" boolean NOT NULL,
	"callbacks" integer DEFAULT 0 NOT NULL,
	"called_back" boolean DEFAULT false NOT NULL,
	"appeal_ground" text,
	"measures" text,
	"reply" text,
	"verify_due" date NOT NULL,
	"rectify_due" date NOT NULL,
	"appeal_due" date,
	"version" integer NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rectifications_number_unique" UNIQUE("number"),
	CONSTRAINT "rectifications_rating_id_unique" UNIQUE("rating_id")
);
--> statement-breakpoint
CREATE TABLE "service_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"window" text NOT NULL,
	"staff_id" uuid NOT NULL,
	"person_account_id" uuid NOT NULL,
	"item_id" uuid,
	"item_name" text NOT NULL,
	"implementation_code" text,
	"summary" text DEFAULT '' NOT NULL,
	"application_id" uuid,
	"visited_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_files" ADD CONSTRAINT "complaint_files_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_files" ADD CONSTRAINT "complaint_files_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_filer_account_id_accounts_id_fk" FOREIGN KEY ("filer_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_staff_id_accounts_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_answered_by_accounts_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_codes" ADD CONSTRAINT "rating_codes_staff_id_accounts_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_codes" ADD CONSTRAINT "rating_codes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_rater_account_id_accounts_id_fk" FOREIGN KEY ("rater_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_staff_id_accounts_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_steps" ADD CONSTRAINT "rectification_steps_rectification_id_rectifications_id_fk" FOREIGN KEY ("rectification_id") REFERENCES "public"."rectifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_rating_id_ratings_id_fk" FOREIGN KEY ("rating_id") REFERENCES "public"."ratings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_visits" ADD CONSTRAINT "service_visits_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_visits" ADD CONSTRAINT "service_visits_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_visits" ADD CONSTRAINT "service_visits_staff_id_accounts_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_visits" ADD CONSTRAINT "service_visits_person_account_id_accounts_id_fk" FOREIGN KEY ("person_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_visits" ADD CONSTRAINT "service_visits_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_visits" ADD CONSTRAINT "service_visits_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_files_complaint_idx" ON "complaint_files" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "complaints_org_idx" ON "complaints" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "complaints_filer_idx" ON "complaints" USING btree ("filer_account_id","created_at");--> statement-breakpoint
CREATE INDEX "complaints_due_idx" ON "complaints" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "ratings_org_idx" ON "ratings" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "ratings_item_idx" ON "ratings" USING btree ("item_id","created_at");--> statement-breakpoint
CREATE INDEX "ratings_region_idx" ON "ratings" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "ratings_rater_idx" ON "ratings" USING btree ("rater_account_id","created_at");--> statement-breakpoint
CREATE INDEX "rectifications_org_idx" ON "rectifications" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "rectifications_region_idx" ON "rectifications" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "service_visits_person_idx" ON "service_visits" USING btree ("person_account_id","visited_at");--> statement-breakpoint
CREATE INDEX "service_visits_staff_idx" ON "service_visits" USING btree ("staff_id","visited_at");--> statement-breakpoint
CREATE INDEX "service_visits_org_idx" ON "service_visits" USING btree ("organisation_id","visited_at");