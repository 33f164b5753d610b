DROP INDEX "job_postings_published_newest_idx";--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "search_filters" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- The filter tokens are the document's terms with a colon, except the readings' (r:…).
UPDATE "job_postings" SET "search_filters" = ARRAY(
  SELECT "lexeme" FROM unnest("search_terms") WHERE position(':' in "lexeme") > 0 AND left("lexeme", 2) <> 'r:'
  ORDER BY "lexeme"
);--> statement-breakpoint
CREATE INDEX "job_postings_published_newest_idx" ON "job_postings" USING btree ("posted_on" DESC NULLS LAST,"id" DESC NULLS LAST,"valid_through","search_filters") WHERE "job_postings"."status" = 'published';--> statement-breakpoint
-- The search tells a common term from a rare one by these statistics (jobs.density): ten times the default
-- keeps some 10,000 terms, down to those in about one posting in a few hundred.
ALTER TABLE "job_postings" ALTER COLUMN "search_terms" SET STATISTICS 1000;
