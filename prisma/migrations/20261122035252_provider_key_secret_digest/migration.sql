-- AlterTable
ALTER TABLE "provider_keys" ADD COLUMN "secret_digest" TEXT;

-- A live key is stored once per provider; deleted keys keep their digest for history.
CREATE UNIQUE INDEX "provider_keys_live_secret_key" ON "provider_keys" ("provider_id", "secret_digest") WHERE "deleted_at" IS NULL;
