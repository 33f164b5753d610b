CREATE TYPE "public"."cofounder_card_state" AS ENUM('active', 'withdrawn', 'expired');--> statement-breakpoint
CREATE TYPE "public"."founding_stage" AS ENUM('consultation', 'preparatory_meeting', 'business_plan', 'founding_assembly', 'capital', 'registration', 'notification', 'operating');--> statement-breakpoint
CREATE TABLE "cofounder_cards" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cofounder_cards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"nickname" text NOT NULL,
	"prefecture_code" text NOT NULL,
	"municipality" text DEFAULT '' NOT NULL,
	"field" "job_field" NOT NULL,
	"wish" text NOT NULL,
	"availability" text NOT NULL,
	"state" "cofounder_card_state" DEFAULT 'active' NOT NULL,
	"form_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"renewed_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"expiry_notice_sent_at" timestamp with time zone,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cofounder_messages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cofounder_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"card_id" integer NOT NULL,
	"sender_user_id" integer NOT NULL,
	"sender_nickname" text NOT NULL,
	"body" text NOT NULL,
	"form_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"reply" text,
	"replied_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "founding_group_checks" (
	"group_id" integer NOT NULL,
	"item" text NOT NULL,
	"done_at" timestamp with time zone NOT NULL,
	"done_by" integer,
	CONSTRAINT "founding_group_checks_group_id_item_pk" PRIMARY KEY("group_id","item")
);
--> statement-breakpoint
CREATE TABLE "founding_groups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "founding_groups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"field" "job_field" NOT NULL,
	"prefecture_code" text NOT NULL,
	"municipality" text DEFAULT '' NOT NULL,
	"idea" text NOT NULL,
	"stage" "founding_stage" DEFAULT 'consultation' NOT NULL,
	"supporter_user_id" integer,
	"supporter_organisation_id" integer,
	"course_enrolment_id" integer,
	"requested_by" integer,
	"form_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "founding_group_invitations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "founding_group_invitations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"group_id" integer NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" integer,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "founding_group_members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "founding_group_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"group_id" integer NOT NULL,
	"user_id" integer,
	"name" text NOT NULL,
	"founder" boolean DEFAULT true NOT NULL,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "founding_group_milestones" (
	"group_id" integer NOT NULL,
	"stage" "founding_stage" NOT NULL,
	"date" date,
	"notes" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "founding_group_milestones_group_id_stage_pk" PRIMARY KEY("group_id","stage")
);
--> statement-breakpoint
ALTER TABLE "cofounder_cards" ADD CONSTRAINT "cofounder_cards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cofounder_messages" ADD CONSTRAINT "cofounder_messages_card_id_cofounder_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cofounder_cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cofounder_messages" ADD CONSTRAINT "cofounder_messages_sender_user_id_users_id_fk" FOREIGN KEY ("sender_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_group_checks" ADD CONSTRAINT "founding_group_checks_group_id_founding_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."founding_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_group_checks" ADD CONSTRAINT "founding_group_checks_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_groups" ADD CONSTRAINT "founding_groups_supporter_user_id_users_id_fk" FOREIGN KEY ("supporter_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_groups" ADD CONSTRAINT "founding_groups_supporter_organisation_id_organisations_id_fk" FOREIGN KEY ("supporter_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_groups" ADD CONSTRAINT "founding_groups_course_enrolment_id_course_enrolments_id_fk" FOREIGN KEY ("course_enrolment_id") REFERENCES "public"."course_enrolments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_groups" ADD CONSTRAINT "founding_groups_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_group_invitations" ADD CONSTRAINT "founding_group_invitations_group_id_founding_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."founding_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_group_invitations" ADD CONSTRAINT "founding_group_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_group_members" ADD CONSTRAINT "founding_group_members_group_id_founding_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."founding_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_group_members" ADD CONSTRAINT "founding_group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_group_milestones" ADD CONSTRAINT "founding_group_milestones_group_id_founding_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."founding_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cofounder_cards_form_key" ON "cofounder_cards" USING btree ("user_id","form_id");--> statement-breakpoint
CREATE INDEX "cofounder_cards_board_idx" ON "cofounder_cards" USING btree ("state","expires_at");--> statement-breakpoint
CREATE INDEX "cofounder_cards_user_idx" ON "cofounder_cards" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cofounder_messages_form_key" ON "cofounder_messages" USING btree ("sender_user_id","form_id");--> statement-breakpoint
CREATE INDEX "cofounder_messages_card_idx" ON "cofounder_messages" USING btree ("card_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "founding_groups_form_key" ON "founding_groups" USING btree ("form_id");--> statement-breakpoint
CREATE INDEX "founding_groups_stage_idx" ON "founding_groups" USING btree ("stage","created_at");--> statement-breakpoint
CREATE INDEX "founding_groups_supporter_idx" ON "founding_groups" USING btree ("supporter_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "founding_group_invitations_token_key" ON "founding_group_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "founding_group_invitations_group_idx" ON "founding_group_invitations" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "founding_group_members_user_key" ON "founding_group_members" USING btree ("group_id","user_id");--> statement-breakpoint
CREATE INDEX "founding_group_members_user_idx" ON "founding_group_members" USING btree ("user_id");