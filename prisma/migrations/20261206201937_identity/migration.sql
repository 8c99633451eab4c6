-- DropIndex
DROP INDEX "users_email_key";

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN     "oidc_issuer" TEXT,
ADD COLUMN     "oidc_subject" TEXT,
ALTER COLUMN "password_hash" DROP NOT NULL;

-- AlterTable: rows already written were chained with a plain SHA-256, so they are marked unkeyed.
ALTER TABLE "audit_events" ADD COLUMN     "keyed" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "audit_events" ALTER COLUMN "keyed" SET DEFAULT true;

-- CreateTable
CREATE TABLE "admin_sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "end_reason" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,

    CONSTRAINT "admin_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "admin_sessions_user_id_created_at_idx" ON "admin_sessions"("user_id", "created_at");

-- AddForeignKey
ALTER TABLE "admin_sessions" ADD CONSTRAINT "admin_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A live user's email is unique; a deleted user keeps theirs, so the address can be given to a new account.
CREATE UNIQUE INDEX "users_email_live_key" ON "users" ("email") WHERE "deleted_at" IS NULL;

-- One live account per identity at the identity provider.
CREATE UNIQUE INDEX "users_oidc_identity_live_key" ON "users" ("oidc_issuer", "oidc_subject")
  WHERE "deleted_at" IS NULL AND "oidc_subject" IS NOT NULL;

-- The role that runs the migrations is the role the application connects with: it keeps only SELECT and
-- INSERT on the audit log. (A superuser ignores privileges; run the API as an ordinary role.)
REVOKE ALL ON "audit_events" FROM PUBLIC;
DO $$
BEGIN
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_events" FROM %I', current_user);
END
$$;
