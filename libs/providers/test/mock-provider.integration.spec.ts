import Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { classifyUpstreamError } from '@switchyard/key-pool';
import { startMockProvider, type MockProvider } from '@switchyard/testing';
import OpenAI from 'openai';
import { prepareChat } from '../src/chat-exchange.js';
import { UpstreamError } from '../src/errors/upstream-error.js';
import type { Exchange } from '../src/exchange.js';
import { callUpstream, readUpstreamFailure } from '../src/http/call-upstream.js';
import { networkFailure } from '../src/http/network-failure.js';
import { testKey } from '../src/http/test-key.js';
import { createUpstreamAgent } from '../src/http/upstream-agent.js';
import type { ClientFormat, ProviderTarget, ProviderType } from '../src/provider-types.js';
import { fetchReturningStream } from './stream-harness.js';

let mock: MockProvider;
const dispatcher = createUpstreamAgent();
const MODELS: Record<ProviderType, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  gemini: 'gemini-2.5-flash',
};

beforeAll(async () => {
  mock = await startMockProvider();
});

afterEach(() => mock.reset());

afterAll(async () => {
  await dispatcher.close();
  await mock.close();
});

function target(type: ProviderType, apiKey = `key-${type}`): ProviderTarget {
  return { type, baseUrl: mock.baseUrl(type), model: MODELS[type], apiKey };
}

function clientBody(
  client: ClientFormat,
  text: string,
  stream: boolean,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const messages = [{ role: 'user', content: text }];
  return client === 'openai'
    ? {
        model: 'alias',
        messages,
        stream,
        ...(stream ? { stream_options: { include_usage: true } } : {}),
        ...extra,
      }
    : { model: 'alias', max_tokens: 200, messages, stream, ...extra };
}

async function streamThrough(
  exchange: Required<Exchange>,
): Promise<{ output: string; translator: ReturnType<Required<Exchange>['createStreamTranslator']> }> {
  const response = await callUpstream(exchange.request, { dispatcher });
  expect(response.status).toBe(200);
  const translator = exchange.createStreamTranslator();
  const pieces: Buffer[] = [];
  await response.forEachChunk((chunk) => void pieces.push(Buffer.from(translator.push(chunk))));
  pieces.push(Buffer.from(translator.finish()));
  return { output: Buffer.concat(pieces).toString('utf8'), translator };
}

async function readWithSdk(
  client: ClientFormat,
  sse: string,
): Promise<{ text: string; toolName?: string; toolInput?: unknown; stop: string | null }> {
  if (client === 'openai') {
    const sdk = new OpenAI({
      apiKey: 'x',
      baseURL: 'http://gateway.invalid/v1',
      fetch: fetchReturningStream(sse),
      maxRetries: 0,
    });
    const completion = await sdk.chat.completions.stream({ model: 'x', messages: [] }).finalChatCompletion();
    const choice = completion.choices[0];
    const call = choice?.message.tool_calls?.[0];
    return {
      text: choice?.message.content ?? '',
      stop: choice?.finish_reason ?? null,
      ...(call?.type === 'function'
        ? { toolName: call.function.name, toolInput: JSON.parse(call.function.arguments) as unknown }
        : {}),
    };
  }
  const sdk = new Anthropic({
    apiKey: 'x',
    baseURL: 'http://gateway.invalid',
    fetch: fetchReturningStream(sse),
    maxRetries: 0,
  });
  const message = await sdk.messages.stream({ model: 'x', max_tokens: 1, messages: [] }).finalMessage();
  const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  const tool = message.content.find((block) => block.type === 'tool_use');
  return {
    text,
    stop: message.stop_reason,
    ...(tool?.type === 'tool_use' ? { toolName: tool.name, toolInput: tool.input } : {}),
  };
}

const PAIRS: [ClientFormat, ProviderType][] = [
  ['openai', 'openai'],
  ['openai', 'anthropic'],
  ['openai', 'gemini'],
  ['anthropic', 'openai'],
  ['anthropic', 'anthropic'],
  ['anthropic', 'gemini'],
];

describe.each(PAIRS)('%s client through a %s upstream (the mock)', (client, upstream) => {
  it('answers a non-stream request in the client format with reported usage', async () => {
    const exchange = prepareChat({
      client,
      body: clientBody(client, 'echo: alpha beta gamma', false),
      target: target(upstream),
    });
    const response = await callUpstream(exchange.request, { dispatcher });
    expect(response.status).toBe(200);
    const { body, usage } = exchange.translateResponse(await response.readBody());
    const parsed = JSON.parse(body.toString()) as Record<string, unknown>;
    if (client === 'openai')
      expect(parsed).toMatchObject({
        object: 'chat.completion',
        choices: [{ message: { content: 'alpha beta gamma' }, finish_reason: 'stop' }],
      });
    else
      expect(parsed).toMatchObject({
        type: 'message',
        content: [{ type: 'text', text: 'alpha beta gamma' }],
        stop_reason: 'end_turn',
      });
    expect(usage).toMatchObject({ completionTokens: 3, estimated: false });
    expect(usage.promptTokens).toBeGreaterThan(0);
    expect(mock.lastRequest(`key-${upstream}`)?.body).toMatchObject(
      upstream === 'gemini' ? { contents: expect.any(Array) } : { model: MODELS[upstream] },
    );
  });

  it('streams in the client format, readable by the official SDK', async () => {
    const exchange = prepareChat({
      client,
      body: clientBody(client, 'echo: one two three four', true),
      target: target(upstream),
    });
    const { output, translator } = await streamThrough(exchange);
    expect(await readWithSdk(client, output)).toMatchObject({
      text: 'one two three four',
      stop: client === 'openai' ? 'stop' : 'end_turn',
    });
    expect(translator.completed).toBe(true);
    expect(translator.usage()).toMatchObject({ completionTokens: 4, estimated: false });
  });

  it('carries a tool call back in the client format, streamed', async () => {
    const tools =
      client === 'openai'
        ? [
            {
              type: 'function',
              function: {
                name: 'get_weather',
                parameters: { type: 'object', properties: { city: { type: 'string' } } },
              },
            },
          ]
        : [
            {
              name: 'get_weather',
              input_schema: { type: 'object', properties: { city: { type: 'string' } } },
            },
          ];
    const exchange = prepareChat({
      client,
      body: clientBody(client, 'Please use the tool', true, { tools }),
      target: target(upstream),
    });
    const { output } = await streamThrough(exchange);
    expect(await readWithSdk(client, output)).toMatchObject({
      toolName: 'get_weather',
      toolInput: { city: 'mock' },
      stop: client === 'openai' ? 'tool_calls' : 'tool_use',
    });
  });

  it('ends a dropped stream with an error event in the client format', async () => {
    mock.script(`key-${upstream}`, { failure: { type: 'drop_mid_stream', afterChunks: 2 } });
    const exchange = prepareChat({ client, body: clientBody(client, 'hi', true), target: target(upstream) });
    const response = await callUpstream(exchange.request, { dispatcher });
    const translator = exchange.createStreamTranslator();
    let output = '';
    let caught: unknown;
    await response
      .forEachChunk((chunk) => {
        output += translator.push(chunk).toString();
      })
      .catch((error: unknown) => (caught = error));
    expect(networkFailure(caught).networkError).toBeDefined();
    output += translator.fail({ status: 502, message: 'The upstream connection was lost' });
    expect(translator.completed).toBe(false);
    await expect(readWithSdk(client, output)).rejects.toThrow(/upstream connection was lost/);
  });
});

describe('upstream failures from the mock, classified', () => {
  it.each([
    ['openai', { type: 'rate_limit', retryAfterSeconds: 3 }, 'rate_limit'],
    ['anthropic', { type: 'rate_limit', retryAfterSeconds: 3 }, 'rate_limit'],
    ['openai', { type: 'auth' }, 'auth'],
    ['anthropic', { type: 'auth' }, 'auth'],
    ['gemini', { type: 'server', status: 503 }, 'server'],
    ['anthropic', { type: 'server', status: 529 }, 'server'],
  ] as const)('%s %j is %s', async (upstream, failure, errorClass) => {
    mock.script(`key-${upstream}`, { failure });
    const exchange = prepareChat({
      client: 'openai',
      body: clientBody('openai', 'hi', false),
      target: target(upstream),
    });
    const response = await callUpstream(exchange.request, { dispatcher });
    const upstreamFailure = await readUpstreamFailure(response);
    const classified = classifyUpstreamError(upstreamFailure);
    expect(classified.errorClass).toBe(errorClass);
    if (failure.type === 'rate_limit') expect(classified.retryAfterMs).toBe(3000);
    const forClient = exchange.translateError(upstreamFailure);
    expect(forClient.status).toBe(upstreamFailure.status);
    expect(forClient.body).toMatchObject({ error: { message: expect.any(String) } });
  });

  it('turns a hanging upstream into a timeout failure', async () => {
    mock.script('key-gemini', { failure: { type: 'hang' } });
    const exchange = prepareChat({
      client: 'anthropic',
      body: clientBody('anthropic', 'hi', false),
      target: target('gemini'),
    });
    const error = await callUpstream(exchange.request, { dispatcher, headersTimeoutMs: 100 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(classifyUpstreamError((error as UpstreamError).failure).errorClass).toBe('timeout');
  });

  it('tests keys live against each provider type', async () => {
    mock.script('revoked', { failure: { type: 'auth' } });
    for (const type of ['openai', 'anthropic', 'gemini'] as const) {
      expect(await testKey(target(type), { dispatcher })).toMatchObject({ ok: true, status: 200 });
      expect(await testKey(target(type), { dispatcher, probe: 'completion' })).toMatchObject({ ok: true });
      expect(await testKey(target(type, 'revoked'), { dispatcher })).toMatchObject({
        ok: false,
        error: { errorClass: 'auth' },
      });
    }
  });
});
