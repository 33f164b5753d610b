CREATE TYPE "public"."request_intent" AS ENUM('listen_first', 'try_then_decide', 'work_soon');--> statement-breakpoint
CREATE TYPE "public"."request_kind" AS ENUM('visit', 'experience', 'short_trial', 'internship');--> statement-breakpoint
CREATE TYPE "public"."request_outcome" AS ENUM('joined_member', 'employed', 'continuing_trials', 'not_proceeding', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."request_state" AS ENUM('unconfirmed', 'submitted', 'accepted', 'alternative_proposed', 'declined', 'withdrawn', 'expired', 'completed', 'no_show');--> statement-breakpoint
CREATE TYPE "public"."requester_kind" AS ENUM('seeker', 'counselor', 'school');--> statement-breakpoint
CREATE TYPE "public"."slot_status" AS ENUM('open', 'cancelled');--> statement-breakpoint
CREATE TABLE "availability_slots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "availability_slots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation_id" integer NOT NULL,
	"workplace_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"kinds" text[] NOT NULL,
	"what_to_bring" text DEFAULT '' NOT NULL,
	"what_to_wear" text DEFAULT '' NOT NULL,
	"paid" boolean DEFAULT false NOT NULL,
	"pay_yen" integer,
	"transport_costs" text DEFAULT '' NOT NULL,
	"insurance" text DEFAULT '' NOT NULL,
	"meeting_point" text DEFAULT '' NOT NULL,
	"status" "slot_status" DEFAULT 'open' NOT NULL,
	"form_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "availability_slots_capacity_check" CHECK ("availability_slots"."booked" >= 0 and "availability_slots"."booked" <= "availability_slots"."capacity"),
	CONSTRAINT "availability_slots_time_check" CHECK ("availability_slots"."ends_at" > "availability_slots"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "placement_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "placement_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "request_kind" NOT NULL,
	"state" "request_state" DEFAULT 'unconfirmed' NOT NULL,
	"outcome" "request_outcome",
	"requester_kind" "requester_kind" DEFAULT 'seeker' NOT NULL,
	"requester_user_id" integer,
	"on_behalf_organisation_id" integer,
	"group_size" integer DEFAULT 1 NOT NULL,
	"organisation_id" integer NOT NULL,
	"workplace_id" integer NOT NULL,
	"posting_id" integer,
	"intent" "request_intent" NOT NULL,
	"slot_id" integer,
	"holds_place" boolean DEFAULT false NOT NULL,
	"preferred_times" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proposed_times" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scheduled_start" timestamp with time zone,
	"scheduled_end" timestamp with time zone,
	"scheduled_place" text DEFAULT '' NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text,
	"contact_phone" text,
	"locale" text DEFAULT 'ja' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"accommodations" text DEFAULT '' NOT NULL,
	"sensitive_consent_at" timestamp with time zone,
	"decline_reason" text,
	"decline_note" text DEFAULT '' NOT NULL,
	"form_id" uuid NOT NULL,
	"confirm_token_hash" text,
	"confirm_expires_at" timestamp with time zone,
	"follow_token_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"waiting_since" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"day_before_reminder_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"anonymised_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "placement_requests_group_size_check" CHECK ("placement_requests"."group_size" >= 1)
);
--> statement-breakpoint
CREATE TABLE "request_messages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"author" text NOT NULL,
	"author_user_id" integer,
	"body" text NOT NULL,
	"form_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_provisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_provisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"recipient_organisation_id" integer NOT NULL,
	"items" text[] NOT NULL,
	"consent_basis" text[] NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"provided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "availability_slots" ADD CONSTRAINT "availability_slots_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "availability_slots" ADD CONSTRAINT "availability_slots_workplace_id_workplaces_id_fk" FOREIGN KEY ("workplace_id") REFERENCES "public"."workplaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_requester_user_id_users_id_fk" FOREIGN KEY ("requester_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_on_behalf_organisation_id_organisations_id_fk" FOREIGN KEY ("on_behalf_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_workplace_id_workplaces_id_fk" FOREIGN KEY ("workplace_id") REFERENCES "public"."workplaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_posting_id_job_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."job_postings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_slot_id_availability_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."availability_slots"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_messages" ADD CONSTRAINT "request_messages_request_id_placement_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."placement_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_messages" ADD CONSTRAINT "request_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_provisions" ADD CONSTRAINT "request_provisions_request_id_placement_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."placement_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_provisions" ADD CONSTRAINT "request_provisions_recipient_organisation_id_organisations_id_fk" FOREIGN KEY ("recipient_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "availability_slots_workplace_start_idx" ON "availability_slots" USING btree ("workplace_id","starts_at");--> statement-breakpoint
CREATE INDEX "availability_slots_organisation_start_idx" ON "availability_slots" USING btree ("organisation_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "placement_requests_form_id_idx" ON "placement_requests" USING btree ("form_id");--> statement-breakpoint
CREATE UNIQUE INDEX "placement_requests_confirm_token_idx" ON "placement_requests" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "placement_requests_follow_token_idx" ON "placement_requests" USING btree ("follow_token_hash");--> statement-breakpoint
CREATE INDEX "placement_requests_inbox_idx" ON "placement_requests" USING btree ("organisation_id","state","waiting_since");--> statement-breakpoint
CREATE INDEX "placement_requests_user_idx" ON "placement_requests" USING btree ("requester_user_id");--> statement-breakpoint
CREATE INDEX "placement_requests_slot_idx" ON "placement_requests" USING btree ("slot_id");--> statement-breakpoint
CREATE INDEX "request_messages_request_idx" ON "request_messages" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "request_messages_form_id_idx" ON "request_messages" USING btree ("form_id");--> statement-breakpoint
CREATE INDEX "request_provisions_request_idx" ON "request_provisions" USING btree ("request_id");