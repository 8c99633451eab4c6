import { KeysUnavailableError, type Lease, NoKeyForRouteError } from '@switchyard/key-pool';
import {
  callUpstream,
  type Exchange,
  type NormalizedUsage,
  prepareChat,
  readUpstreamFailure,
  type StreamTranslator,
  UpstreamError,
  type UpstreamResponse,
} from '@switchyard/providers';
import { type StreamedAnswer, relayChatStream } from '../commands/chat-stream.js';
import { ApiError, ApiUnreachableError } from '../errors.js';
import { type Writer } from '../terminal.js';
import { costOf, type LocalGateway } from './local-gateway.js';

const MAX_ATTEMPTS = 4;
const TIMEOUT_MS = 120_000;

export interface LocalAnswer extends StreamedAnswer {
  attempts: number;
  /** The key that answered, as `switchyard status --config` lists it. */
  keyId: string;
}

/**
 * One chat request through the local key pool, as the gateway relays it: the best key for the route, rotation to
 * another key on a rate limit, quota, auth or server error, the client's own mistakes handed back at once.
 * Non-stream answers are written whole, streams as they arrive; the pool learns from every answer.
 */
export async function chatLocally(
  gateway: LocalGateway,
  body: Record<string, unknown> & { model: string; stream?: boolean },
  output: Writer,
): Promise<LocalAnswer> {
  const tried: Lease[] = [];
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    let lease: Lease;
    try {
      lease = await gateway.pool.acquire(gateway.route(body.model), { exclude: tried });
    } catch (error) {
      throw lastError ?? unavailable(error, body.model, gateway);
    }
    const key = gateway.key(lease.keyId)!;
    const exchange = prepareChat({
      client: 'openai',
      body: { ...body, model: lease.model },
      target: { type: key.type, baseUrl: key.baseUrl, model: lease.model, apiKey: key.secret },
    });
    const outcome = await callOnce(exchange, body.stream === true, lease, output);
    if ('answer' in outcome) {
      const usage = outcome.usage;
      gateway.recordRequest(
        lease.keyId,
        lease.model,
        costOf(gateway.priceOf(lease.provider, lease.model), usage),
      );
      return { ...outcome.answer, attempts: attempt, keyId: lease.keyId };
    }
    gateway.recordRequest(lease.keyId, lease.model, 0n);
    lastError = outcome.error;
    if (!outcome.rotate) throw outcome.error;
    tried.push(lease);
  }
  throw lastError!;
}

type Outcome = { answer: StreamedAnswer; usage: NormalizedUsage } | { error: Error; rotate: boolean };

async function callOnce(
  exchange: Required<Exchange>,
  stream: boolean,
  lease: Lease,
  output: Writer,
): Promise<Outcome> {
  const started = performance.now();
  let response;
  try {
    response = await callUpstream(exchange.request, {
      headersTimeoutMs: TIMEOUT_MS,
      bodyIdleTimeoutMs: TIMEOUT_MS,
    });
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    const classified = lease.failure(error.failure, performance.now() - started);
    return {
      error: new ApiUnreachableError(`${lease.target}: ${classified.message}`),
      rotate: classified.rotate,
    };
  }
  if (response.status < 200 || response.status >= 300) {
    const failure = await readUpstreamFailure(response);
    const classified = lease.failure(failure, performance.now() - started);
    return {
      error: new ApiError(
        `${lease.target} (${lease.label ?? lease.keyId}): ${classified.message}`,
        response.status,
        classified.errorClass,
        null,
      ),
      rotate: classified.rotate,
    };
  }
  if (!stream) {
    const translated = exchange.translateResponse(await response.readBody());
    lease.success(tokens(translated.usage), response.headers, performance.now() - started);
    const json = JSON.parse(String(translated.body)) as {
      model?: string;
      choices?: { message?: { content?: string | null } }[];
    };
    const text = (json.choices ?? []).map((choice) => choice.message?.content ?? '').join('');
    output.write(text === '' || text.endsWith('\n') ? text : `${text}\n`);
    return { answer: { model: json.model, usage: openAIUsage(translated.usage) }, usage: translated.usage };
  }
  const translator = exchange.createStreamTranslator();
  const answer = await relayChatStream(
    new Response(ReadableStream.from(translatedChunks(response, translator))),
    output,
  ).catch((error: unknown) => ({ error: error as Error }));
  if ('error' in answer) {
    lease.failure(translator.upstreamError ?? { status: 502, body: 'the stream ended early' });
    return { error: answer.error, rotate: false };
  }
  lease.success(tokens(translator.usage()), response.headers, performance.now() - started);
  return { answer, usage: translator.usage() };
}

/** The upstream's chunks, translated to OpenAI's stream as they arrive. */
async function* translatedChunks(
  response: UpstreamResponse,
  translator: StreamTranslator,
): AsyncGenerator<Uint8Array> {
  const bytes = (out: Buffer | string) => (typeof out === 'string' ? new TextEncoder().encode(out) : out);
  const ready: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let failure: unknown;
  void response
    .forEachChunk((chunk) => {
      const out = translator.push(chunk);
      if (out.length > 0) ready.push(bytes(out));
      wake?.();
    })
    .then(
      () => undefined,
      (error: unknown) => (failure = error),
    )
    .finally(() => {
      ended = true;
      wake?.();
    });
  for (;;) {
    while (ready.length > 0) yield ready.shift()!;
    if (ended) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  if (failure !== undefined) throw failure;
  const end = translator.finish();
  if (end.length > 0) yield bytes(end);
}

const tokens = (usage: NormalizedUsage) => ({
  promptTokens: usage.promptTokens,
  completionTokens: usage.completionTokens,
});

const openAIUsage = (usage: NormalizedUsage) => ({
  prompt_tokens: usage.promptTokens,
  completion_tokens: usage.completionTokens,
});

function unavailable(error: unknown, model: string, gateway: LocalGateway): Error {
  if (error instanceof KeysUnavailableError) {
    return new ApiError(
      `every key for ${model} is resting (${error.reason}); the first is back in ${error.retryAfterSeconds} s`,
      429,
      'keys_unavailable',
      null,
    );
  }
  if (error instanceof NoKeyForRouteError) {
    const why =
      error.reason === 'all_disabled'
        ? 'every key for it is disabled'
        : `no key in ${gateway.config.file} serves it`;
    return new ApiError(
      `cannot call ${model}: ${why} (use provider/model, e.g. openai/gpt-4o-mini)`,
      503,
      error.reason,
      null,
    );
  }
  return error as Error;
}
