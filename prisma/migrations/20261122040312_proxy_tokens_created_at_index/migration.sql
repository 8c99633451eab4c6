-- The organisation-wide token list pages newest first across every team; without this it sorts the whole table.
CREATE INDEX "proxy_tokens_created_at_id_idx" ON "proxy_tokens"("created_at", "id");
