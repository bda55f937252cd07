CREATE TABLE "licence_authorisations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"licence_id" uuid NOT NULL,
	"grantee_kind" text NOT NULL,
	"application_id" uuid,
	"organisation_id" uuid,
	"purpose" text NOT NULL,
	"valid_until" date NOT NULL,
	"granted_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "licence_authorisations_one_grantee" CHECK (("licence_authorisations"."grantee_kind" = 'application' and "licence_authorisations"."application_id" is not null and "licence_authorisations"."organisation_id" is null) or ("licence_authorisations"."grantee_kind" = 'organisation' and "licence_authorisations"."organisation_id" is not null and "licence_authorisations"."application_id" is null))
);
--> statement-breakpoint
ALTER TABLE "licence_authorisations" ADD CONSTRAINT "licence_authorisations_licence_id_licences_id_fk" FOREIGN KEY ("licence_id") REFERENCES "public"."licences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_authorisations" ADD CONSTRAINT "licence_authorisations_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_authorisations" ADD CONSTRAINT "licence_authorisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "licence_authorisations_licence_idx" ON "licence_authorisations" USING btree ("licence_id");--> statement-breakpoint
CREATE INDEX "licence_authorisations_application_idx" ON "licence_authorisations" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "licence_authorisations_organisation_idx" ON "licence_authorisations" USING btree ("organisation_id");