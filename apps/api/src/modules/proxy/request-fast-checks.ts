/*
 * Hand-written checks for the request shapes a proxied call overwhelmingly has. When one passes, the body is
 * exactly what the zod schema in proxy-request.schemas.ts would return, so the schema is skipped; anything it
 * does not recognise goes to the schema, which gives the error naming the field. Validating every message of a
 * long conversation through zod was a visible share of the gateway's cost per request.
 */

type Body = Record<string, unknown>;

const MAX_MODEL_LENGTH = 300;
const MAX_OUTPUT_TOKENS = 10_000_000;

const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A model name the schema keeps unchanged: not blank, short enough, nothing for `trim()` to remove. */
function isPlainModel(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_MODEL_LENGTH &&
    value.trim().length === value.length
  );
}

function areMessages(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (const message of value) if (!isObject(message) || typeof message.role !== 'string') return false;
  return true;
}

function isOutputLimit(value: unknown, nullable: boolean): boolean {
  if (value === undefined || (nullable && value === null)) return true;
  return Number.isInteger(value) && (value as number) > 0 && (value as number) <= MAX_OUTPUT_TOKENS;
}

const isOptionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';

export function isPlainChatRequest(body: Body): boolean {
  const options = body.stream_options;
  return (
    isPlainModel(body.model) &&
    areMessages(body.messages) &&
    isOptionalBoolean(body.stream) &&
    isOutputLimit(body.max_tokens, true) &&
    isOutputLimit(body.max_completion_tokens, true) &&
    (options === undefined ||
      options === null ||
      (isObject(options) && isOptionalBoolean(options.include_usage)))
  );
}

export function isPlainMessagesRequest(body: Body): boolean {
  return (
    isPlainModel(body.model) &&
    areMessages(body.messages) &&
    isOutputLimit(body.max_tokens, false) &&
    isOptionalBoolean(body.stream)
  );
}
