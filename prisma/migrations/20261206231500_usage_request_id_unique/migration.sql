-- A usage batch whose commit acknowledgement was lost, or one replayed from the write-ahead file, must not be
-- written twice: request ids become unique. Rows that already share a request id are all kept (nothing is
-- deleted, so the rollups stay equal to the rows); every one but the first gets its id suffixed with '#' and its
-- row id, a character gateway request ids never contain.
UPDATE "usage_events" AS e
SET "request_id" = e."request_id" || '#' || e."id"
FROM (
  SELECT "id", row_number() OVER (PARTITION BY "request_id" ORDER BY "id") AS n FROM "usage_events"
) AS d
WHERE e."id" = d."id" AND d.n > 1;

-- CreateIndex
CREATE UNIQUE INDEX "usage_events_request_id_key" ON "usage_events"("request_id");
