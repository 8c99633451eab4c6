import { type JsonBody } from './proxy-request.schemas.js';

/**
 * The output-limit fields of the request formats the gateway takes, most specific first: OpenAI chat's
 * `max_completion_tokens` and older `max_tokens`, Anthropic's `max_tokens`, the Responses API's `max_output_tokens`.
 */
const OUTPUT_LIMIT_FIELDS = ['max_completion_tokens', 'max_output_tokens', 'max_tokens'] as const;

export type OutputLimitField = (typeof OUTPUT_LIMIT_FIELDS)[number];

/** The output limit the request names, or null when it names none. */
export function requestedOutputTokens(body: JsonBody): number | null {
  for (const field of OUTPUT_LIMIT_FIELDS) {
    const value = body[field];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  }
  return null;
}

/**
 * Sets the request's output limit to `tokens`, in the field it already uses; `fallbackField` when it names none
 * (`max_tokens` suits chat and messages, `max_output_tokens` the Responses API).
 */
export function limitOutput(body: JsonBody, tokens: number, fallbackField: OutputLimitField): void {
  const field = OUTPUT_LIMIT_FIELDS.find((name) => typeof body[name] === 'number') ?? fallbackField;
  body[field] = tokens;
}
