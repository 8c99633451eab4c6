import { isRecord, type JsonObject } from '../shared/json.js';
import type { OpenAICompatibleProfile } from './openai-compatible-profiles.js';

/**
 * Prepares a client's OpenAI chat request for an OpenAI-compatible upstream: the routed model replaces the client's,
 * usage reporting is switched on for streams, and parameters the host rejects are removed or renamed.
 */
export function sanitizeOpenAIChatRequest(
  body: JsonObject,
  model: string,
  stream: boolean,
  profile: OpenAICompatibleProfile,
): JsonObject {
  // Copied key by key rather than spread and `delete`d: deleting turns the object into a slow dictionary, and
  // this object is serialized on every request.
  const request: JsonObject = {};
  const dropped = profile.unsupportedParams;
  for (const name in body) {
    if (name === 'stream' || name === 'stream_options' || (dropped.length > 0 && dropped.includes(name)))
      continue;
    request[name] = body[name];
  }
  request.model = model;
  if (stream) {
    request.stream = true;
    if (profile.supportsStreamOptions) {
      request.stream_options = {
        ...(isRecord(body.stream_options) ? body.stream_options : {}),
        include_usage: true,
      };
    }
  }
  // Without `stream: true` OpenAI answers 400 to `stream_options`, so a non-stream request never carries it.
  for (const from in profile.renamedParams) renameParam(request, from, profile.renamedParams[from] as string);
  if (profile.wantsMaxCompletionTokens(model)) renameParam(request, 'max_tokens', 'max_completion_tokens');
  return request;
}

function renameParam(request: JsonObject, from: string, to: string): void {
  if (request[from] === undefined) return;
  if (request[to] === undefined) request[to] = request[from];
  delete request[from];
}

/** Whether the client asked to receive the usage chunk at the end of an OpenAI stream. */
export function clientWantsStreamUsage(body: JsonObject): boolean {
  return isRecord(body.stream_options) && body.stream_options.include_usage === true;
}
