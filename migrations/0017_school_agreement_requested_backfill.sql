-- Requests already waiting for the school's confirmation start their week now, when the deadline begins
-- to exist: the school gets the reminder halfway and none expires the hour this lands (unless its first
-- day comes first, which is the rule for every request).
-- The state is compared as text: on a fresh database this runs in the migrations' one transaction, after
-- 'agreement_pending' and 'agreement_expired' were added to the enum and before they are committed, and
-- PostgreSQL refuses an uncommitted enum value as a literal of its type.
UPDATE "school_request_details" AS "details"
SET "agreement_requested_at" = now()
FROM "placement_requests" AS "request"
WHERE "request"."id" = "details"."request_id"
  AND "request"."state"::text = 'agreement_pending'
  AND "details"."agreement_requested_at" IS NULL;
