-- The person behind a request, as the client named them; `user` is a reserved word in SQL.
ALTER TABLE "usage_events" ADD COLUMN "end_user" TEXT;

ALTER TABLE "usage_rollups" ADD COLUMN "end_user" TEXT NOT NULL DEFAULT '';
ALTER TABLE "usage_rollups" DROP CONSTRAINT "usage_rollups_pkey";
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_pkey"
  PRIMARY KEY ("view", "granularity", "period", "team_id", "token_id", "key_id", "model", "end_user");

ALTER TABLE "proxy_tokens" ADD COLUMN "require_user" BOOLEAN NOT NULL DEFAULT false;

-- The `full` view (every id and the user) for the events recorded before it existed, built the way the writer
-- builds it: hourly and daily rows, refusals apart from errors, the latency histogram's geometric buckets.
INSERT INTO "usage_rollups" AS r
  ("view", "granularity", "period", "team_id", "token_id", "key_id", "model", "end_user", "requests", "errors",
   "refusals", "unpriced", "prompt_tokens", "completion_tokens", "cost_micros", "latency_buckets")
SELECT 'full', granularity, period, team_id, token_id, key_id, model, end_user,
       sum(n), sum(errors), sum(refusals), sum(unpriced), sum(prompt_tokens), sum(completion_tokens),
       sum(cost_micros),
       ARRAY(SELECT COALESCE((jsonb_object_agg(bucket, n) ->> b::text)::int, 0) FROM generate_series(0, 46) AS b)
FROM (
  SELECT g.granularity,
         date_trunc(g.granularity, e.at, 'UTC') AS period,
         COALESCE(e.team_id, '00000000-0000-0000-0000-000000000000') AS team_id,
         COALESCE(e.token_id, '00000000-0000-0000-0000-000000000000') AS token_id,
         COALESCE(e.key_id, '00000000-0000-0000-0000-000000000000') AS key_id,
         CASE WHEN e.provider <> '' AND e.model <> '' THEN e.provider || '/' || e.model
              ELSE COALESCE(e.model, '') END AS model,
         '' AS end_user,
         CASE WHEN e.latency_ms <= 1 THEN 0 ELSE LEAST(ceil(ln(e.latency_ms) / ln(1.3))::int, 46) END AS bucket,
         count(*) AS n,
         count(*) FILTER (WHERE NOT e.refused AND e.status >= 400) AS errors,
         count(*) FILTER (WHERE e.refused) AS refusals,
         count(*) FILTER (WHERE e.unpriced) AS unpriced,
         sum(e.prompt_tokens) AS prompt_tokens,
         sum(e.completion_tokens) AS completion_tokens,
         sum(e.cost_micros) AS cost_micros
  FROM "usage_events" AS e CROSS JOIN (VALUES ('hour'), ('day')) AS g(granularity)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
) AS cells
GROUP BY granularity, period, team_id, token_id, key_id, model, end_user;
