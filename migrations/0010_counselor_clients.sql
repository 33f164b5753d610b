CREATE TYPE "public"."consent_method" AS ENUM('written', 'oral');--> statement-breakpoint
CREATE TABLE "client_bookings" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"client_id" integer NOT NULL,
	"accompanied" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "client_consents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "client_consents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"client_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"recipient_organisation_id" integer NOT NULL,
	"items" text[] NOT NULL,
	"purpose" text NOT NULL,
	"method" "consent_method" NOT NULL,
	"obtained_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"revoked_on" date,
	"revoked_at" timestamp with time zone,
	"confirmed_by_client_at" timestamp with time zone,
	"ended_notice_at" timestamp with time zone,
	"recorded_by_user_id" integer,
	"form_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "client_links" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "client_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"client_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"purpose" text NOT NULL,
	"request_id" integer,
	"consent_id" integer,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "clients_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation_id" integer NOT NULL,
	"counselor_user_id" integer,
	"display_name" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"form_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "client_id" integer;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "consent_id" integer;--> statement-breakpoint
ALTER TABLE "client_bookings" ADD CONSTRAINT "client_bookings_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_consents" ADD CONSTRAINT "client_consents_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_consents" ADD CONSTRAINT "client_consents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_consents" ADD CONSTRAINT "client_consents_recipient_organisation_id_organisations_id_fk" FOREIGN KEY ("recipient_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_consents" ADD CONSTRAINT "client_consents_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_links" ADD CONSTRAINT "client_links_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_links" ADD CONSTRAINT "client_links_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_links" ADD CONSTRAINT "client_links_consent_id_client_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."client_consents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_links" ADD CONSTRAINT "client_links_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_counselor_user_id_users_id_fk" FOREIGN KEY ("counselor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "client_consents_form_id_idx" ON "client_consents" USING btree ("form_id");--> statement-breakpoint
CREATE INDEX "client_consents_client_idx" ON "client_consents" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "client_links_token_idx" ON "client_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "client_links_client_idx" ON "client_links" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "clients_form_id_idx" ON "clients" USING btree ("form_id");--> statement-breakpoint
CREATE INDEX "clients_organisation_idx" ON "clients" USING btree ("organisation_id");--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_consent_id_client_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."client_consents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "placement_requests_client_idx" ON "placement_requests" USING btree ("client_id");