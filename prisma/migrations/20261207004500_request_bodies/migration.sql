-- Opt-in body logging per team and per token.
ALTER TABLE "teams" ADD COLUMN "log_bodies" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "proxy_tokens" ADD COLUMN "log_bodies" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "request_bodies" (
    "request_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "team_id" UUID,
    "token_id" UUID,
    "endpoint" TEXT NOT NULL,
    "stream" BOOLEAN NOT NULL DEFAULT false,
    "request" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "request_truncated" BOOLEAN NOT NULL DEFAULT false,
    "response_truncated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "request_bodies_pkey" PRIMARY KEY ("request_id")
);

-- CreateIndex
CREATE INDEX "request_bodies_at_idx" ON "request_bodies"("at");
