CREATE TABLE "licence_serials" (
	"issuer_org_id" uuid NOT NULL,
	"type_code" text NOT NULL,
	"day" date NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "licence_serials_issuer_org_id_type_code_day_pk" PRIMARY KEY("issuer_org_id","type_code","day")
);
--> statement-breakpoint
CREATE TABLE "licence_types" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"defining_ministry" text NOT NULL,
	"fields" jsonb NOT NULL,
	"validity_years" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"type_code" text NOT NULL,
	"name" text NOT NULL,
	"number" text NOT NULL,
	"holder" text NOT NULL,
	"holder_cipher" text,
	"holder_code_type" text NOT NULL,
	"holder_code" text NOT NULL,
	"holder_code_index" text NOT NULL,
	"holder_code_cipher" text,
	"issuer_org_id" uuid NOT NULL,
	"issuer" text NOT NULL,
	"issuer_code" text NOT NULL,
	"issue_date" date NOT NULL,
	"jurisdiction" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"status" text NOT NULL,
	"application_id" uuid,
	"payload_cipher" text NOT NULL,
	"digest" text NOT NULL,
	"signature" text NOT NULL,
	"key_id" uuid NOT NULL,
	"seal" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"suspended_at" timestamp with time zone,
	"suspend_reason" text,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text,
	"reinstated_at" timestamp with time zone,
	CONSTRAINT "licences_identifier_unique" UNIQUE("identifier")
);
--> statement-breakpoint
CREATE TABLE "organisation_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"private_key_cipher" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text
);
--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_type_code_licence_types_code_fk" FOREIGN KEY ("type_code") REFERENCES "public"."licence_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_issuer_org_id_organisations_id_fk" FOREIGN KEY ("issuer_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_key_id_organisation_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."organisation_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_keys" ADD CONSTRAINT "organisation_keys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "licences_holder_idx" ON "licences" USING btree ("holder_code_index");--> statement-breakpoint
CREATE INDEX "licences_issuer_idx" ON "licences" USING btree ("issuer_org_id","type_code");--> statement-breakpoint
CREATE INDEX "licences_application_idx" ON "licences" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_keys_one_active_idx" ON "organisation_keys" USING btree ("organisation_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "organisation_keys_org_idx" ON "organisation_keys" USING btree ("organisation_id");