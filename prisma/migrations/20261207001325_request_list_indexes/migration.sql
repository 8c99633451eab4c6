-- GET /admin/requests pages newest first under any one filter: each filtered column leads an index on `at`.
CREATE INDEX "usage_events_token_id_at_idx" ON "usage_events" ("token_id", "at");
CREATE INDEX "usage_events_key_id_at_idx" ON "usage_events" ("key_id", "at");
CREATE INDEX "usage_events_end_user_at_idx" ON "usage_events" ("end_user", "at") WHERE "end_user" IS NOT NULL;
-- A team role's requests are always filtered by team: by user within a team is the per-person view of a team.
CREATE INDEX "usage_events_team_id_end_user_at_idx" ON "usage_events" ("team_id", "end_user", "at")
  WHERE "end_user" IS NOT NULL;
-- `provider/model` as usage rows name it; the requests query filters on exactly this expression.
CREATE INDEX "usage_events_model_key_at_idx" ON "usage_events" (
  (CASE WHEN "provider" <> '' AND "model" <> '' THEN "provider" || '/' || "model" ELSE COALESCE("model", '') END),
  "at"
);
-- Errors and refusals are few among many answers: small indexes find the newest of them at once.
CREATE INDEX "usage_events_errors_at_idx" ON "usage_events" ("at") WHERE "status" >= 400 AND NOT "refused";
CREATE INDEX "usage_events_refused_at_idx" ON "usage_events" ("at") WHERE "refused";
