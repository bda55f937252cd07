CREATE TABLE "application_supplies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"material_code" text NOT NULL,
	"kind" text NOT NULL,
	"source_ref" text NOT NULL,
	"source_name" text NOT NULL,
	"provider_org_id" uuid NOT NULL,
	"trust_level" text NOT NULL,
	"digest" text NOT NULL,
	"exchange_id" uuid,
	"authorisation_id" uuid,
	"data_cipher" text,
	"supplied_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "application_supplies_material_uq" UNIQUE("application_id","material_code")
);
--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "materials_saved" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "trips_saved" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprise_registry" ADD COLUMN "entity_type" text;--> statement-breakpoint
ALTER TABLE "enterprise_registry" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "enterprise_registry" ADD COLUMN "registered_capital" numeric;--> statement-breakpoint
ALTER TABLE "enterprise_registry" ADD COLUMN "established_on" date;--> statement-breakpoint
ALTER TABLE "enterprise_registry" ADD COLUMN "business_scope" text;--> statement-breakpoint
ALTER TABLE "population_registry" ADD COLUMN "household_address_cipher" text;--> statement-breakpoint
ALTER TABLE "population_registry" ADD COLUMN "ethnicity_cipher" text;--> statement-breakpoint
ALTER TABLE "application_supplies" ADD CONSTRAINT "application_supplies_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_supplies" ADD CONSTRAINT "application_supplies_provider_org_id_organisations_id_fk" FOREIGN KEY ("provider_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_supplies" ADD CONSTRAINT "application_supplies_supplied_by_accounts_id_fk" FOREIGN KEY ("supplied_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;