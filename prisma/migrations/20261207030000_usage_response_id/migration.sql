-- The Responses answer an upstream stored for a request, so any replica, and a restarted one, can find the key that
-- holds it. Few rows have one: the index covers only those.
ALTER TABLE "usage_events" ADD COLUMN "response_id" TEXT;

CREATE INDEX "usage_events_response_id_idx" ON "usage_events" ("response_id") WHERE "response_id" IS NOT NULL;
