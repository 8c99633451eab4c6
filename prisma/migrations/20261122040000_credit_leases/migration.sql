-- CreateTable
CREATE TABLE "credit_leases" (
    "period_id" UUID NOT NULL,
    "replica_id" UUID NOT NULL,
    "amount_micros" BIGINT NOT NULL DEFAULT 0,
    "leased_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_leases_pkey" PRIMARY KEY ("period_id","replica_id")
);

-- CreateIndex
CREATE INDEX "credit_leases_heartbeat_at_idx" ON "credit_leases"("heartbeat_at");

-- AddForeignKey
ALTER TABLE "credit_leases" ADD CONSTRAINT "credit_leases_period_id_fkey" FOREIGN KEY ("period_id") REFERENCES "credit_periods"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A replica never holds a negative lease, whatever the code path.
ALTER TABLE "credit_leases"
  ADD CONSTRAINT "credit_leases_amount_non_negative" CHECK ("amount_micros" >= 0);
