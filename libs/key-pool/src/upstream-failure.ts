import type { HeaderBag, UpstreamFailure } from './error-class.js';
import { toHeaderBag } from './headers.js';
import type { TokenUsage } from './lease.js';

type Loose = Record<string, unknown>;

function asLoose(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null ? (value as Loose) : undefined;
}

function numberField(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

const NETWORK_ERROR_NAME = /abort|timeout|connection|fetcherror|socket/i;
const NETWORK_ERROR_CODE = /^(?:E[A-Z]+|UND_ERR_[A-Z_]+|ERR_(?:SOCKET|STREAM|HTTP2)[A-Z_]*)$/;

/**
 * Reads a thrown error the way the common clients shape them: OpenAI and Anthropic SDK errors (`status`, `headers`,
 * `error`), axios (`response.status`, `response.data`), Google's SDK (JSON in `message`), and Node or undici
 * network errors (`code`, or `cause.code` under fetch's "fetch failed"). Anything else is not an upstream failure.
 */
export function upstreamFailureFromError(error: unknown): UpstreamFailure | undefined {
  const thrown = asLoose(error);
  if (!thrown) return undefined;
  const response = asLoose(thrown['response']);
  const status =
    numberField(thrown['status']) ?? numberField(thrown['statusCode']) ?? numberField(response?.['status']);
  const message = typeof thrown['message'] === 'string' ? thrown['message'] : String(error);
  if (status !== undefined && status >= 400) {
    const failure: UpstreamFailure = {
      status,
      body: thrown['error'] ?? thrown['body'] ?? response?.['data'] ?? message,
    };
    const headers = toHeaderBag(thrown['headers'] ?? response?.['headers']);
    if (headers) failure.headers = headers;
    return failure;
  }
  const cause = asLoose(thrown['cause']);
  const code = [thrown['code'], cause?.['code']].find((value): value is string => typeof value === 'string');
  const name = typeof thrown['name'] === 'string' ? thrown['name'] : undefined;
  const isNetwork =
    (code !== undefined && NETWORK_ERROR_CODE.test(code)) ||
    (name !== undefined && NETWORK_ERROR_NAME.test(name)) ||
    message === 'fetch failed';
  if (!isNetwork) return undefined;
  const networkError: NonNullable<UpstreamFailure['networkError']> = { message };
  if (code !== undefined) networkError.code = code;
  if (name !== undefined) networkError.name = name;
  return { networkError };
}

interface FetchLikeResponse {
  ok: boolean;
  status: number;
  headers: unknown;
  clone(): { text(): Promise<string> };
}

export function isFetchResponse(value: unknown): value is FetchLikeResponse {
  const loose = asLoose(value);
  return (
    loose !== undefined &&
    typeof loose['ok'] === 'boolean' &&
    typeof loose['status'] === 'number' &&
    typeof loose['clone'] === 'function'
  );
}

/** A fetch `Response` with an error status is a failure even though nothing was thrown. Reads a clone of the body. */
export async function upstreamFailureFromResult(result: unknown): Promise<UpstreamFailure | undefined> {
  if (!isFetchResponse(result) || result.ok) return undefined;
  let body: string | undefined;
  try {
    body = await result.clone().text();
  } catch {
    body = undefined;
  }
  const failure: UpstreamFailure = { status: result.status, body };
  const headers = toHeaderBag(result.headers);
  if (headers) failure.headers = headers;
  return failure;
}

function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Usage as OpenAI (`prompt_tokens`), Anthropic (`input_tokens`) or Gemini (`usageMetadata`) report it. */
export function readTokenUsage(result: unknown): TokenUsage | undefined {
  const loose = asLoose(result);
  const usage = asLoose(loose?.['usage']) ?? asLoose(loose?.['usageMetadata']);
  if (!usage) return undefined;
  const promptTokens = tokenCount(
    usage['prompt_tokens'] ?? usage['input_tokens'] ?? usage['promptTokenCount'],
  );
  const completionTokens = tokenCount(
    usage['completion_tokens'] ?? usage['output_tokens'] ?? usage['candidatesTokenCount'],
  );
  const totalTokens = tokenCount(usage['total_tokens'] ?? usage['totalTokenCount']);
  if (promptTokens === undefined && completionTokens === undefined && totalTokens === undefined)
    return undefined;
  const read: TokenUsage = {};
  if (promptTokens !== undefined) read.promptTokens = promptTokens;
  if (completionTokens !== undefined) read.completionTokens = completionTokens;
  if (totalTokens !== undefined) read.totalTokens = totalTokens;
  return read;
}

/** Headers and usage of a successful result, when it carries them. */
export function describeSuccessfulResult(result: unknown): { usage?: TokenUsage; headers?: HeaderBag } {
  const described: { usage?: TokenUsage; headers?: HeaderBag } = {};
  if (isFetchResponse(result)) {
    const headers = toHeaderBag(result.headers);
    if (headers) described.headers = headers;
    return described;
  }
  const usage = readTokenUsage(result);
  if (usage) described.usage = usage;
  return described;
}
