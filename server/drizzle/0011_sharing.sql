CREATE TABLE "sharing_grants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"resource_code" text NOT NULL,
	"provider_org_id" uuid NOT NULL,
	"provider_region_code" text NOT NULL,
	"consumer_org_id" uuid NOT NULL,
	"consumer_region_code" text NOT NULL,
	"fields" jsonb NOT NULL,
	"purpose" text NOT NULL,
	"valid_until" date NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"automatic" boolean NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"revoked_reason" text
);
--> statement-breakpoint
CREATE TABLE "sharing_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resource_id" uuid NOT NULL,
	"resource_code" text NOT NULL,
	"sharing_type" text NOT NULL,
	"provider_org_id" uuid NOT NULL,
	"provider_region_code" text NOT NULL,
	"consumer_org_id" uuid NOT NULL,
	"consumer_region_code" text NOT NULL,
	"fields" jsonb NOT NULL,
	"purpose" text NOT NULL,
	"legal_basis" text NOT NULL,
	"until" date NOT NULL,
	"status" text NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL,
	"due_date" date,
	"due_date_provisional" boolean DEFAULT false NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"opinion" text,
	"refusal_reason" text,
	"grant_id" uuid
);
--> statement-breakpoint
CREATE TABLE "sharing_resources" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"classification" text NOT NULL,
	"provider_org_id" uuid NOT NULL,
	"provider_uscc" text NOT NULL,
	"region_code" text NOT NULL,
	"summary" text NOT NULL,
	"format" text NOT NULL,
	"fields" jsonb NOT NULL,
	"sharing_type" text NOT NULL,
	"sharing_condition" text,
	"legal_basis" text,
	"method" text NOT NULL,
	"open_data" text NOT NULL,
	"update_cycle" text NOT NULL,
	"status" text NOT NULL,
	"publish_date" date,
	"withdrawn_reason" text,
	"withdrawn_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sharing_resources_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "sharing_grants" ADD CONSTRAINT "sharing_grants_request_id_sharing_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."sharing_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_grants" ADD CONSTRAINT "sharing_grants_resource_id_sharing_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."sharing_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_grants" ADD CONSTRAINT "sharing_grants_provider_org_id_organisations_id_fk" FOREIGN KEY ("provider_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_grants" ADD CONSTRAINT "sharing_grants_consumer_org_id_organisations_id_fk" FOREIGN KEY ("consumer_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_requests" ADD CONSTRAINT "sharing_requests_resource_id_sharing_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."sharing_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_requests" ADD CONSTRAINT "sharing_requests_provider_org_id_organisations_id_fk" FOREIGN KEY ("provider_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_requests" ADD CONSTRAINT "sharing_requests_consumer_org_id_organisations_id_fk" FOREIGN KEY ("consumer_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_resources" ADD CONSTRAINT "sharing_resources_provider_org_id_organisations_id_fk" FOREIGN KEY ("provider_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_resources" ADD CONSTRAINT "sharing_resources_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sharing_grants_check_idx" ON "sharing_grants" USING btree ("consumer_org_id","resource_code");--> statement-breakpoint
CREATE INDEX "sharing_grants_provider_idx" ON "sharing_grants" USING btree ("provider_org_id","granted_at");--> statement-breakpoint
CREATE INDEX "sharing_requests_consumer_idx" ON "sharing_requests" USING btree ("consumer_org_id","requested_at");--> statement-breakpoint
CREATE INDEX "sharing_requests_provider_idx" ON "sharing_requests" USING btree ("provider_org_id","status");--> statement-breakpoint
CREATE INDEX "sharing_resources_provider_idx" ON "sharing_resources" USING btree ("provider_org_id");--> statement-breakpoint
CREATE INDEX "sharing_resources_status_idx" ON "sharing_resources" USING btree ("status","region_code");