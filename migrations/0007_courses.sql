CREATE TYPE "public"."course_status" AS ENUM('draft', 'published', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."course_type" AS ENUM('public_lecture', 'donated', 'outreach', 'supporter_childcare', 'supporter_dementia', 'supporter_living', 'qualification', 'job_creation');--> statement-breakpoint
CREATE TYPE "public"."enrolment_state" AS ENUM('pending', 'confirmed', 'waitlisted', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."outreach_request_state" AS ENUM('submitted', 'accepted', 'declined');--> statement-breakpoint
CREATE TABLE "course_attendance" (
	"enrolment_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"attended" boolean NOT NULL,
	"marked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "course_attendance_enrolment_id_session_id_pk" PRIMARY KEY("enrolment_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "course_enrolments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "course_enrolments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"course_id" integer NOT NULL,
	"user_id" integer,
	"nickname" text NOT NULL,
	"email" text NOT NULL,
	"accommodations" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT 'ja' NOT NULL,
	"state" "enrolment_state" NOT NULL,
	"queue_number" integer,
	"form_id" text NOT NULL,
	"confirm_token_hash" text,
	"confirm_token_expires_at" timestamp with time zone,
	"manage_token_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"placed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "course_sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "course_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"course_id" integer NOT NULL,
	"date" date NOT NULL,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"venue_name" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"access" text DEFAULT '' NOT NULL,
	"online_url" text DEFAULT '' NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"reminder_sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "courses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation_id" integer NOT NULL,
	"type" "course_type" NOT NULL,
	"status" "course_status" DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"audience" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"prefecture_code" text NOT NULL,
	"capacity" integer NOT NULL,
	"fee_yen" integer DEFAULT 0 NOT NULL,
	"fee_waiver" text DEFAULT '' NOT NULL,
	"placement_counter" integer DEFAULT 0 NOT NULL,
	"form_id" text,
	"outreach_request_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "courses_capacity_positive" CHECK ("courses"."capacity" > 0),
	CONSTRAINT "courses_fee_not_negative" CHECK ("courses"."fee_yen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "outreach_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outreach_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"state" "outreach_request_state" DEFAULT 'submitted' NOT NULL,
	"group_name" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"topic" text NOT NULL,
	"audience" text NOT NULL,
	"audience_size" integer NOT NULL,
	"preferred_dates" text NOT NULL,
	"venue" text NOT NULL,
	"prefecture_code" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT 'ja' NOT NULL,
	"follow_token_hash" text NOT NULL,
	"form_id" text NOT NULL,
	"decline_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "course_attendance" ADD CONSTRAINT "course_attendance_enrolment_id_course_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."course_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_attendance" ADD CONSTRAINT "course_attendance_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_enrolments" ADD CONSTRAINT "course_enrolments_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_enrolments" ADD CONSTRAINT "course_enrolments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_sessions" ADD CONSTRAINT "course_sessions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "course_enrolments_form_key" ON "course_enrolments" USING btree ("course_id","form_id");--> statement-breakpoint
CREATE UNIQUE INDEX "course_enrolments_queue_key" ON "course_enrolments" USING btree ("course_id","queue_number");--> statement-breakpoint
CREATE UNIQUE INDEX "course_enrolments_confirm_token_key" ON "course_enrolments" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "course_enrolments_manage_token_key" ON "course_enrolments" USING btree ("manage_token_hash");--> statement-breakpoint
CREATE INDEX "course_enrolments_course_state_idx" ON "course_enrolments" USING btree ("course_id","state","queue_number");--> statement-breakpoint
CREATE INDEX "course_enrolments_user_idx" ON "course_enrolments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "course_sessions_course_idx" ON "course_sessions" USING btree ("course_id","date");--> statement-breakpoint
CREATE INDEX "course_sessions_date_idx" ON "course_sessions" USING btree ("date");--> statement-breakpoint
CREATE INDEX "courses_status_prefecture_idx" ON "courses" USING btree ("status","prefecture_code");--> statement-breakpoint
CREATE INDEX "courses_organisation_idx" ON "courses" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "courses_form_id_key" ON "courses" USING btree ("organisation_id","form_id");--> statement-breakpoint
CREATE UNIQUE INDEX "courses_outreach_request_key" ON "courses" USING btree ("outreach_request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_requests_form_key" ON "outreach_requests" USING btree ("form_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_requests_follow_token_key" ON "outreach_requests" USING btree ("follow_token_hash");--> statement-breakpoint
CREATE INDEX "outreach_requests_state_idx" ON "outreach_requests" USING btree ("state","created_at");