ALTER TYPE "public"."request_state" ADD VALUE 'agreement_expired' BEFORE 'completed';--> statement-breakpoint
ALTER TABLE "school_request_details" ADD COLUMN "weekdays" integer[] DEFAULT '{1,2,3,4,5,6,7}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "school_request_details" ADD COLUMN "skip_holidays" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "school_request_details" ADD COLUMN "agreement_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "school_request_details" ADD COLUMN "agreement_reminded_at" timestamp with time zone;