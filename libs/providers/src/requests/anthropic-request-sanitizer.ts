import type { JsonObject } from '../shared/json.js';
import { DEFAULT_ANTHROPIC_MAX_TOKENS } from './openai-to-anthropic-request.js';

/** OpenAI parameters that clients mix into Anthropic requests and Anthropic answers with a 400. */
const OPENAI_ONLY_PARAMS = [
  'stream_options',
  'n',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'response_format',
  'user',
  'max_completion_tokens',
  'parallel_tool_calls',
  'reasoning_effort',
  'store',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
];

/** Prepares a client's Anthropic request for Anthropic: routed model, explicit stream flag, no foreign parameters. */
export function sanitizeAnthropicRequest(body: JsonObject, model: string, stream: boolean): JsonObject {
  const request: JsonObject = { ...body, model };
  if (stream) request.stream = true;
  else delete request.stream;
  if (request.max_tokens === undefined)
    request.max_tokens = body.max_completion_tokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  for (const param of OPENAI_ONLY_PARAMS) delete request[param];
  return request;
}
