CREATE TYPE "public"."event_outcome_kind" AS ENUM('coop_work', 'joined_member', 'visit_or_trial', 'course', 'founding', 'other_support', 'other');--> statement-breakpoint
CREATE TABLE "consultation_event_outcomes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_event_outcomes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"kind" "event_outcome_kind" NOT NULL,
	"people" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "consultation_event_outcomes_people_check" CHECK ("consultation_event_outcomes"."people" > 0)
);
--> statement-breakpoint
CREATE TABLE "consultation_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"prefecture_code" text NOT NULL,
	"municipality" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"organisers" text NOT NULL,
	"participants" integer NOT NULL,
	"consulted" integer NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"form_id" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "consultation_events_counts_check" CHECK ("consultation_events"."participants" >= 0 and "consultation_events"."consulted" >= 0)
);
--> statement-breakpoint
ALTER TABLE "consultation_event_outcomes" ADD CONSTRAINT "consultation_event_outcomes_event_id_consultation_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."consultation_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_events" ADD CONSTRAINT "consultation_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultation_event_outcomes_event_idx" ON "consultation_event_outcomes" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_events_form_key" ON "consultation_events" USING btree ("form_id");--> statement-breakpoint
CREATE INDEX "consultation_events_held_idx" ON "consultation_events" USING btree ("held_on","prefecture_code");