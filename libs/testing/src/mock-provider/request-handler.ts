import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_EMBEDDING_DIMENSIONS, embedText, toBase64Floats } from './embeddings.js';
import type { KeyScripts, RequestPlan } from './key-scripts.js';
import { modelList } from './model-lists.js';
import type { MockApi, MockFailure, RecordedRequest } from './mock-types.js';
import { countTokens, isObject, planReply, textOfParts } from './reply-plan.js';
import { ResponseCache } from './response-cache.js';
import { apiKeyOf, matchRoute, type MockRoute } from './routes.js';
import type { Timers } from './timers.js';
import { anthropicWire } from './wire/anthropic-wire.js';
import { geminiWire } from './wire/gemini-wire.js';
import { openAIWire } from './wire/openai-wire.js';
import { ResponsesWire } from './wire/responses-wire.js';
import { isErrorAnswer, type ErrorAnswer, type MockWireFormat } from './wire/wire-format.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

interface FailureContext {
  api: MockApi;
  wire: MockWireFormat;
  model: string;
  stream: boolean;
  headers: Record<string, string>;
}

export interface HandlerContext {
  scripts: KeyScripts;
  timers: Timers;
  models: readonly string[];
}

/** Serves one request: records it, applies the key's script, answers in the called API's wire format. */
export class MockRequestHandler {
  private readonly cache = new ResponseCache();
  private sequence = 0;
  /** The Responses API keeps state (stored responses), so each mock has its own. */
  private readonly responses = new ResponsesWire();
  private readonly wires: Record<MockApi, MockWireFormat> = {
    openai: openAIWire,
    anthropic: anthropicWire,
    gemini: geminiWire,
    responses: this.responses,
  };

  constructor(private readonly context: HandlerContext) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://mock');
    const method = request.method ?? 'GET';
    const route = matchRoute(method, url.pathname, request.headers);
    const apiKey = apiKeyOf(request.headers, url.searchParams);
    const body = await readBody(request);
    if (apiKey !== undefined)
      this.context.scripts.record(apiKey, this.recorded(request, url, body, route?.api));
    if (!route)
      return sendJson(
        response,
        { status: 404, body: { error: { message: `No mock route for ${method} ${url.pathname}` } } },
        {},
      );
    const wire = this.wires[route.api];
    if (apiKey === undefined) return sendJson(response, wire.failure({ type: 'auth' }, ''), {});

    const plan = this.context.scripts.plan(apiKey);
    await this.context.timers.delay(plan.latencyMs);
    const headers = plan.fault.rateLimitHeaders ? wire.rateLimitHeaders(plan.fault.rateLimitHeaders) : {};
    const model =
      (route.kind === 'chat' || route.kind === 'embed') && route.model
        ? route.model
        : isObject(body) && typeof body.model === 'string'
          ? body.model
          : '';
    const stream = route.kind === 'chat' && (route.geminiStream ?? (isObject(body) && body.stream === true));
    const spendsTokens = route.kind === 'chat' || route.kind === 'embeddings' || route.kind === 'embed';
    if (plan.failure && (spendsTokens || !plan.fault.failCompletionsOnly))
      return this.fail(response, plan, plan.failure, { api: route.api, wire, model, stream, headers });

    switch (route.kind) {
      case 'chat':
        return this.chat(response, route, body, plan, headers, stream);
      case 'models':
        return sendJson(response, { status: 200, body: modelList(route.api, this.context.models) }, headers);
      case 'key_info':
        return sendJson(response, { status: 200, body: openRouterKeyInfo(apiKey, plan) }, headers);
      case 'embeddings':
        return sendJson(response, openAIEmbeddings(body), headers);
      case 'count_tokens':
        return sendJson(
          response,
          { status: 200, body: { input_tokens: countAnthropicTokens(body) } },
          headers,
        );
      case 'embed':
        return sendJson(response, geminiEmbeddings(body, route.batch), headers);
      case 'retrieve':
        return sendJson(response, this.responses.retrieve(route.id), headers);
    }
  }

  private async chat(
    response: ServerResponse,
    route: Extract<MockRoute, { kind: 'chat' }>,
    body: unknown,
    plan: RequestPlan,
    headers: Record<string, string>,
    stream: boolean,
  ): Promise<void> {
    const wire = this.wires[route.api];
    const summary = wire.summarize(body, route.model ?? '');
    if (isErrorAnswer(summary)) return sendJson(response, summary, headers);
    const reply = {
      ...planReply(summary, plan.fault.replyWords),
      cacheReadTokens: plan.fault.promptCache?.readTokens ?? 0,
      cacheWriteTokens: plan.fault.promptCache?.writeTokens ?? 0,
    };
    // Responses answers echo the request and are stored under their own ids: never shared between requests.
    const cacheable = reply.toolCall === undefined && route.api !== 'responses';
    const cacheKey = `${route.api}\u0000${stream}\u0000${reply.model}\u0000${reply.promptTokens}\u0000${reply.cacheReadTokens}\u0000${reply.cacheWriteTokens}\u0000${reply.finish}\u0000${JSON.stringify(isObject(body) ? body.stream_options : null)}\u0000${reply.pieces.join('')}`;
    if (!stream) {
      const build = (): string => JSON.stringify(wire.completion(reply, this.nextId(), body));
      response.writeHead(200, { ...JSON_HEADERS, ...headers });
      response.end(cacheable ? this.cache.get(cacheKey, build) : build());
      return;
    }
    response.writeHead(200, { ...SSE_HEADERS, ...headers });
    if (plan.chunkDelayMs === 0) {
      const build = (): string => wire.streamEvents(reply, this.nextId(), body).join('');
      response.end(cacheable ? this.cache.get(cacheKey, build) : build());
      return;
    }
    await this.writeEvents(response, wire.streamEvents(reply, this.nextId(), body), plan.chunkDelayMs);
    response.end();
  }

  private async fail(
    response: ServerResponse,
    plan: RequestPlan,
    failure: MockFailure,
    answer: FailureContext,
  ): Promise<void> {
    switch (failure.type) {
      case 'hang':
        return;
      case 'drop_mid_stream':
        return this.dropMidAnswer(response, plan, failure.afterChunks, answer);
      case 'error_mid_stream':
        if (!answer.stream) return sendJson(response, { status: 500, body: failure.body }, answer.headers);
        return this.errorMidStream(response, plan, failure, answer);
      case 'status':
        return sendJson(
          response,
          {
            status: failure.status,
            body: failure.body ?? { error: { message: `Mock status ${failure.status}` } },
            headers: failure.headers ?? {},
          },
          answer.headers,
        );
      default:
        return sendJson(response, answer.wire.failure(failure, answer.model), answer.headers);
    }
  }

  /** A healthy-looking answer whose connection dies after `afterChunks` stream events (or half of a JSON body). */
  private async dropMidAnswer(
    response: ServerResponse,
    plan: RequestPlan,
    afterChunks: number,
    answer: FailureContext,
  ): Promise<void> {
    const reply = planReply(
      { model: answer.model, lastUserText: undefined, tools: [], maxTokens: undefined, promptText: '' },
      Math.max(plan.fault.replyWords ?? 0, afterChunks + 2),
    );
    if (answer.stream) {
      response.writeHead(200, { ...SSE_HEADERS, ...answer.headers });
      await this.writeEvents(
        response,
        answer.wire.streamEvents(reply, this.nextId(), {}).slice(0, afterChunks),
        plan.chunkDelayMs,
      );
    } else {
      const body = JSON.stringify(answer.wire.completion(reply, this.nextId()));
      response.writeHead(200, {
        ...JSON_HEADERS,
        ...answer.headers,
        'content-length': String(Buffer.byteLength(body)),
      });
      response.write(body.slice(0, Math.floor(body.length / 2)));
    }
    // Let the partial answer reach the client before the connection dies, as it would from a real upstream.
    await new Promise<void>((resolve) => response.write('', () => resolve()));
    response.destroy();
  }

  /** A healthy-looking stream that reports an error in-band after `afterChunks` events, as providers do. */
  private async errorMidStream(
    response: ServerResponse,
    plan: RequestPlan,
    failure: Extract<MockFailure, { type: 'error_mid_stream' }>,
    answer: FailureContext,
  ): Promise<void> {
    const reply = planReply(
      { model: answer.model, lastUserText: undefined, tools: [], maxTokens: undefined, promptText: '' },
      Math.max(plan.fault.replyWords ?? 0, failure.afterChunks + 2),
    );
    const data = `data: ${JSON.stringify(failure.body)}\n\n`;
    const errorEvent =
      answer.api === 'anthropic' || answer.api === 'responses' ? `event: error\n${data}` : data;
    response.writeHead(200, { ...SSE_HEADERS, ...answer.headers });
    const events = answer.wire.streamEvents(reply, this.nextId(), {}).slice(0, failure.afterChunks);
    await this.writeEvents(response, [...events, errorEvent], plan.chunkDelayMs);
    response.end();
  }

  private async writeEvents(response: ServerResponse, events: string[], delayMs: number): Promise<void> {
    for (const [index, event] of events.entries()) {
      if (index > 0) await this.context.timers.delay(delayMs);
      if (response.destroyed) return;
      response.write(event);
    }
  }

  private nextId(): string {
    this.sequence++;
    return `mock${this.sequence.toString(36).padStart(8, '0')}`;
  }

  private recorded(
    request: IncomingMessage,
    url: URL,
    body: unknown,
    api: MockApi | undefined,
  ): RecordedRequest {
    return {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers },
      body,
      api,
      receivedAt: Date.now(),
    };
  }
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sendJson(response: ServerResponse, answer: ErrorAnswer, extraHeaders: Record<string, string>): void {
  response.writeHead(answer.status, { ...JSON_HEADERS, ...extraHeaders, ...(answer.headers ?? {}) });
  response.end(JSON.stringify(answer.body));
}

function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  return Array.isArray(input)
    ? input.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
    : [];
}

/** The shape of OpenRouter's `GET /api/v1/key`. */
function openRouterKeyInfo(apiKey: string, plan: RequestPlan) {
  const info = plan.fault.keyInfo ?? {};
  const limit = info.limitUsd ?? null;
  const usage = info.usageUsd ?? 0;
  return {
    data: {
      label: `sk-or-v1-…${apiKey.slice(-3)}`,
      limit,
      usage,
      limit_remaining: limit === null ? null : Math.max(0, limit - usage),
      is_free_tier: false,
      rate_limit: { requests: info.requestsPer10s ?? 20, interval: '10s' },
    },
  };
}

function openAIEmbeddings(body: unknown): ErrorAnswer {
  if (!isObject(body) || body.input === undefined)
    return {
      status: 400,
      body: {
        error: {
          message: "'input' is a required property",
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      },
    };
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : DEFAULT_EMBEDDING_DIMENSIONS;
  const inputs = embeddingInputs(body.input);
  const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0);
  return {
    status: 200,
    body: {
      object: 'list',
      data: inputs.map((text, index) => {
        const vector = embedText(text, dimensions);
        return {
          object: 'embedding',
          index,
          embedding: body.encoding_format === 'base64' ? toBase64Floats(vector) : vector,
        };
      }),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}

function geminiEmbeddings(body: unknown, batch: boolean): ErrorAnswer {
  const embed = (request: unknown): { values: number[] } => {
    const record = isObject(request) ? request : {};
    const content = isObject(record.content) ? record.content : {};
    const dimensions =
      typeof record.outputDimensionality === 'number'
        ? record.outputDimensionality
        : DEFAULT_EMBEDDING_DIMENSIONS;
    return { values: embedText(textOfParts(content.parts), dimensions) };
  };
  if (!batch) return { status: 200, body: { embedding: embed(body) } };
  const requests = isObject(body) && Array.isArray(body.requests) ? body.requests : [];
  return { status: 200, body: { embeddings: requests.map(embed) } };
}

function countAnthropicTokens(body: unknown): number {
  if (!isObject(body)) return 0;
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
  return countTokens(
    [textOfParts(body.system), ...messages.map((message) => textOfParts(message.content))]
      .filter(Boolean)
      .join('\n'),
  );
}
