CREATE TABLE "exchange_adapters" (
	"resource_code" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"url" text,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_credentials" (
	"client_id" text PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"status" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"rotated_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "exchange_log" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exchange_log_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"client_id" text NOT NULL,
	"consumer_org_id" uuid NOT NULL,
	"consumer_region_code" text NOT NULL,
	"provider_org_id" uuid,
	"provider_region_code" text,
	"resource_code" text NOT NULL,
	"purpose" text NOT NULL,
	"fields" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"grant_id" uuid,
	"response_digest" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "exchange_log_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "exchange_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_credentials" ADD CONSTRAINT "exchange_credentials_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_tokens" ADD CONSTRAINT "exchange_tokens_client_id_exchange_credentials_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."exchange_credentials"("client_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_credentials_org_idx" ON "exchange_credentials" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "exchange_log_at_idx" ON "exchange_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "exchange_log_resource_idx" ON "exchange_log" USING btree ("resource_code","at");--> statement-breakpoint
CREATE INDEX "exchange_log_consumer_idx" ON "exchange_log" USING btree ("consumer_org_id","at");--> statement-breakpoint
CREATE INDEX "exchange_tokens_expires_idx" ON "exchange_tokens" USING btree ("expires_at");