-- AlterTable
ALTER TABLE "usage_events" ADD COLUMN     "refused" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "usage_rollups" ADD COLUMN     "refusals" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "unpriced" BIGINT NOT NULL DEFAULT 0;
