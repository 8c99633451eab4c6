-- CreateTable
CREATE TABLE "applied_credit_batches" (
    "id" UUID NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "applied_credit_batches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "applied_credit_batches_applied_at_idx" ON "applied_credit_batches"("applied_at");
