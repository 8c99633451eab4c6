-- Hard or soft budgets.
CREATE TYPE "BudgetMode" AS ENUM ('hard', 'soft');
ALTER TABLE "teams" ADD COLUMN "budget_mode" "BudgetMode" NOT NULL DEFAULT 'hard';

-- Token budgets have a period; a budget stored before periods existed is a monthly one.
ALTER TABLE "proxy_tokens" ADD COLUMN "budget_period" "BudgetPeriod";
UPDATE "proxy_tokens" SET "budget_period" = 'monthly' WHERE "budget_limit_micros" IS NOT NULL;

-- Prices: the cache-write rate and the longest answer a model gives.
ALTER TABLE "model_prices" ADD COLUMN "cache_write_micros_per_mtok" BIGINT,
  ADD COLUMN "max_output_tokens" INTEGER;

-- Usage: prompt-cache writes and the rate they were charged at.
ALTER TABLE "usage_events" ADD COLUMN "cache_write_tokens" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "cache_write_micros_per_mtok" BIGINT;

-- Credit periods and ledger rows of token budgets; the zero UUID is the team's own budget.
ALTER TABLE "credit_periods" ADD COLUMN "token_id" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
  ADD COLUMN "exhausted_at" TIMESTAMPTZ(3);
DROP INDEX "credit_periods_team_id_period_start_key";
CREATE UNIQUE INDEX "credit_periods_team_id_token_id_period_start_key" ON "credit_periods"("team_id", "token_id", "period_start");
ALTER TABLE "credit_ledger" ADD COLUMN "token_id" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';

-- One concept, one name: "refuse unpriced models" becomes "allow unpriced models", its opposite.
INSERT INTO "settings" ("key", "value", "updated_at")
SELECT 'proxy.allow_unpriced_models', to_jsonb(NOT ("value" #>> '{}')::boolean), now()
FROM "settings" WHERE "key" = 'proxy.refuse_unpriced_models' AND jsonb_typeof("value") = 'boolean'
ON CONFLICT ("key") DO NOTHING;
DELETE FROM "settings" WHERE "key" = 'proxy.refuse_unpriced_models';
