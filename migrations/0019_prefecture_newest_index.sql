-- The "pref:NN" token of a posting's filter tokens, for the newest-first index within one prefecture
-- (jobs.service walkNewest). Immutable: it reads only its argument.
CREATE FUNCTION "search_filters_prefecture"("filters" text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT "token" FROM unnest("filters") AS "token" WHERE "token" LIKE 'pref:%' ORDER BY "token" LIMIT 1 $$;--> statement-breakpoint
CREATE INDEX "job_postings_published_prefecture_newest_idx" ON "job_postings" USING btree (search_filters_prefecture("search_filters"),"posted_on" DESC NULLS LAST,"id" DESC NULLS LAST,"valid_through","search_filters") WHERE "job_postings"."status" = 'published';