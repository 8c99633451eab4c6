-- Providers that serve the OpenAI Responses API themselves get /v1/responses passed through; OpenAI's own does.
ALTER TABLE "providers" ADD COLUMN "serves_responses" BOOLEAN NOT NULL DEFAULT false;
UPDATE "providers" SET "serves_responses" = true WHERE "name" = 'openai' AND "built_in" AND "type" = 'openai';
