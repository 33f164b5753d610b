ALTER TYPE "public"."request_state" ADD VALUE 'agreement_pending' BEFORE 'declined';--> statement-breakpoint
CREATE TABLE "school_request_details" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"daily_start" time NOT NULL,
	"daily_end" time NOT NULL,
	"days" text DEFAULT '' NOT NULL,
	"school_type" text NOT NULL,
	"grade" text NOT NULL,
	"learning_goals" text NOT NULL,
	"insurance_confirmed" boolean NOT NULL,
	"insurance_kind" text NOT NULL,
	"insurance_other" text DEFAULT '' NOT NULL,
	"emergency_contact" text NOT NULL,
	"student_names" text DEFAULT '' NOT NULL,
	"agreement_confirmed_at" timestamp with time zone,
	"agreement_confirmed_by" integer,
	"created_by" integer
);
--> statement-breakpoint
ALTER TABLE "school_request_details" ADD CONSTRAINT "school_request_details_request_id_placement_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."placement_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_request_details" ADD CONSTRAINT "school_request_details_agreement_confirmed_by_users_id_fk" FOREIGN KEY ("agreement_confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_request_details" ADD CONSTRAINT "school_request_details_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;