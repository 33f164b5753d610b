CREATE TYPE "public"."approval_state" AS ENUM('pending', 'approved', 'declined');--> statement-breakpoint
CREATE TYPE "public"."contract_type" AS ENUM('indefinite', 'fixed');--> statement-breakpoint
CREATE TYPE "public"."employment_form" AS ENUM('member_worker', 'regular', 'part_time', 'fixed_term', 'support_b');--> statement-breakpoint
CREATE TYPE "public"."job_field" AS ENUM('elderly_care', 'disability_support', 'childcare', 'food_agriculture', 'building_maintenance', 'logistics', 'employment_support', 'community_space', 'facility_management', 'office');--> statement-breakpoint
CREATE TYPE "public"."legal_form" AS ENUM('workers_coop', 'enterprise_union', 'consumer_coop', 'agricultural_coop', 'npo', 'general_association', 'social_welfare', 'school_corporation', 'local_government', 'voluntary', 'other');--> statement-breakpoint
CREATE TYPE "public"."organisation_kind" AS ENUM('coop', 'school', 'support', 'secretariat');--> statement-breakpoint
CREATE TYPE "public"."posting_status" AS ENUM('draft', 'published', 'closed', 'filled');--> statement-breakpoint
CREATE TYPE "public"."wage_unit" AS ENUM('hour', 'day', 'month');--> statement-breakpoint
CREATE TABLE "job_postings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_postings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workplace_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"status" "posting_status" DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"occupation" text NOT NULL,
	"field" "job_field" NOT NULL,
	"duties" text NOT NULL,
	"change_scope" text DEFAULT '' NOT NULL,
	"employment_form" "employment_form" NOT NULL,
	"contract_type" "contract_type" NOT NULL,
	"contract_details" text DEFAULT '' NOT NULL,
	"wage_min" integer NOT NULL,
	"wage_max" integer,
	"wage_unit" "wage_unit" NOT NULL,
	"allowances" text DEFAULT '' NOT NULL,
	"commuting_pay" text DEFAULT '' NOT NULL,
	"hourly_wage_equivalent" integer NOT NULL,
	"monthly_wage_equivalent" integer NOT NULL,
	"work_start" time NOT NULL,
	"work_end" time NOT NULL,
	"break_minutes" integer DEFAULT 0 NOT NULL,
	"shift_notes" text DEFAULT '' NOT NULL,
	"weekly_hours" double precision NOT NULL,
	"work_days" text NOT NULL,
	"overtime" text DEFAULT '' NOT NULL,
	"days_off" text DEFAULT '' NOT NULL,
	"insurance_employment" boolean DEFAULT false NOT NULL,
	"insurance_workers_comp" boolean DEFAULT true NOT NULL,
	"insurance_health" boolean DEFAULT false NOT NULL,
	"insurance_pension" boolean DEFAULT false NOT NULL,
	"requirements" text DEFAULT '' NOT NULL,
	"welcome_tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"openings" integer DEFAULT 1 NOT NULL,
	"membership_terms" text DEFAULT '' NOT NULL,
	"accepts_visit" boolean DEFAULT false NOT NULL,
	"accepts_experience" boolean DEFAULT false NOT NULL,
	"accepts_short_trial" boolean DEFAULT false NOT NULL,
	"posted_on" date NOT NULL,
	"valid_through" date NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"search_terms" "tsvector" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "minimum_wages" (
	"prefecture_code" text NOT NULL,
	"hourly_yen" integer NOT NULL,
	"effective_from" date NOT NULL,
	CONSTRAINT "minimum_wages_prefecture_code_effective_from_pk" PRIMARY KEY("prefecture_code","effective_from")
);
--> statement-breakpoint
CREATE TABLE "coop_governance" (
	"organisation_id" integer PRIMARY KEY NOT NULL,
	"member_count" integer,
	"worker_count" integer,
	"decision_making" text DEFAULT '' NOT NULL,
	"one_member_one_vote" boolean DEFAULT true NOT NULL,
	"share_amount_yen" integer,
	"shares_required" integer,
	"instalments_allowed" boolean DEFAULT false NOT NULL,
	"payroll_deduction" boolean DEFAULT false NOT NULL,
	"refunded_on_leaving" boolean DEFAULT true NOT NULL,
	"surplus_by_work_share" boolean DEFAULT false NOT NULL,
	"surplus_notes" text DEFAULT '' NOT NULL,
	"founded_under_2022_law" boolean DEFAULT false NOT NULL,
	"founded_year" integer
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organisations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "organisation_kind" NOT NULL,
	"legal_form" "legal_form" NOT NULL,
	"name" text NOT NULL,
	"name_kana" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"website" text,
	"contact_email" text,
	"contact_phone" text,
	"prefecture_code" text NOT NULL,
	"approval_state" "approval_state" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workplaces" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workplaces_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation_id" integer NOT NULL,
	"name" text NOT NULL,
	"postal_code" text NOT NULL,
	"prefecture_code" text NOT NULL,
	"municipality_code" text NOT NULL,
	"address_line" text NOT NULL,
	"nearest_station" text,
	"walk_minutes" integer,
	"access_notes" text DEFAULT '' NOT NULL,
	"step_free" boolean DEFAULT false NOT NULL,
	"parking" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_postings" ADD CONSTRAINT "job_postings_workplace_id_workplaces_id_fk" FOREIGN KEY ("workplace_id") REFERENCES "public"."workplaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_postings" ADD CONSTRAINT "job_postings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coop_governance" ADD CONSTRAINT "coop_governance_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workplaces" ADD CONSTRAINT "workplaces_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_postings_search_terms_idx" ON "job_postings" USING gin ("search_terms");--> statement-breakpoint
CREATE INDEX "job_postings_published_newest_idx" ON "job_postings" USING btree ("posted_on" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "job_postings"."status" = 'published';--> statement-breakpoint
CREATE INDEX "job_postings_published_wage_idx" ON "job_postings" USING btree ("hourly_wage_equivalent" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "job_postings"."status" = 'published';--> statement-breakpoint
CREATE INDEX "job_postings_workplace_idx" ON "job_postings" USING btree ("workplace_id");--> statement-breakpoint
CREATE INDEX "job_postings_organisation_status_idx" ON "job_postings" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "organisations_kind_state_kana_idx" ON "organisations" USING btree ("kind","approval_state","name_kana");--> statement-breakpoint
CREATE INDEX "workplaces_organisation_idx" ON "workplaces" USING btree ("organisation_id");