import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { startMockProvider, type MockProvider } from './mock-provider.js';

let mock: MockProvider;

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

function client(apiKey: string, timeout?: number): OpenAI {
  return new OpenAI({ apiKey, baseURL: mock.baseUrl('responses'), maxRetries: 0, timeout });
}

beforeAll(async () => {
  mock = await startMockProvider();
});

afterEach(() => mock.reset());

afterAll(async () => {
  await mock.close();
});

describe('the mock Responses API, read by the official OpenAI SDK', () => {
  it('answers responses.create with a message and usage', async () => {
    const response = await client('k').responses.create({
      model: 'gpt-4.1-mini',
      instructions: 'Be brief.',
      input: 'echo: one two three',
      metadata: { ticket: '7' },
    });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('one two three');
    expect(response.metadata).toEqual({ ticket: '7' });
    expect(response.usage).toMatchObject({
      output_tokens: 3,
      total_tokens: response.usage!.input_tokens + 3,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
    expect(mock.lastRequest('k')).toMatchObject({ path: '/v1/responses', api: 'responses' });
  });

  it('streams the event sequence responses.stream accumulates, with cached tokens when a cache key is given', async () => {
    const stream = client('k').responses.stream({
      model: 'gpt-4.1-mini',
      input: 'echo: alpha beta',
      prompt_cache_key: 'session-1',
    });
    const types: string[] = [];
    const sequence: number[] = [];
    stream.on('event', (event) => {
      types.push(event.type);
      sequence.push(event.sequence_number);
    });
    const response = await stream.finalResponse();
    expect(response.output_text).toBe('alpha beta');
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(sequence).toEqual(types.map((_, index) => index));
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(
      Math.floor(response.usage!.input_tokens / 2),
    );
  });

  it('calls a function tool, and answers the function output fed back', async () => {
    const openai = client('k');
    const call = await openai.responses.create({
      model: 'gpt-4.1-mini',
      input: 'Please use the tool for Paris',
      tools: [weatherTool],
    });
    const functionCall = call.output.find((item) => item.type === 'function_call');
    expect(functionCall).toMatchObject({ name: 'get_weather', arguments: '{"city":"mock"}' });

    const stream = openai.responses.stream({
      model: 'gpt-4.1-mini',
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'Please use the tool for Paris' },
        functionCall as OpenAI.Responses.ResponseFunctionToolCall,
        { type: 'function_call_output', call_id: functionCall!.call_id, output: '{"temp":21}' },
      ],
    });
    const answer = await stream.finalResponse();
    expect(answer.output_text.length).toBeGreaterThan(0);
    expect(answer.output.every((item) => item.type === 'message')).toBe(true);
  });

  it('streams function-call arguments', async () => {
    const stream = client('k').responses.stream({
      model: 'gpt-4.1-mini',
      input: 'use the tool',
      tools: [weatherTool],
    });
    const deltas: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => deltas.push(event.delta));
    const response = await stream.finalResponse();
    expect(deltas.join('')).toBe('{"city":"mock"}');
    expect(response.output[0]).toMatchObject({ type: 'function_call', status: 'completed' });
  });

  it('stores responses: retrieval and previous_response_id, and refuses unknown ids', async () => {
    const openai = client('k');
    const first = await openai.responses.create({ model: 'gpt-4.1-mini', input: 'echo: remember me' });
    expect((await openai.responses.retrieve(first.id)).output_text).toBe('remember me');
    const next = await openai.responses.create({
      model: 'gpt-4.1-mini',
      input: 'echo: again',
      previous_response_id: first.id,
    });
    expect(next.previous_response_id).toBe(first.id);
    await expect(
      openai.responses.create({ model: 'gpt-4.1-mini', input: 'x', previous_response_id: 'resp_unknown' }),
    ).rejects.toMatchObject({ status: 400, param: 'previous_response_id' });
    await expect(openai.responses.retrieve('resp_unknown')).rejects.toMatchObject({ status: 404 });
    const unstored = await openai.responses.create({ model: 'gpt-4.1-mini', input: 'x', store: false });
    await expect(openai.responses.retrieve(unstored.id)).rejects.toMatchObject({ status: 404 });
  });

  it('stops at max_output_tokens with an incomplete response', async () => {
    const response = await client('k').responses.create({
      model: 'gpt-4.1-mini',
      input: 'hello',
      max_output_tokens: 2,
    });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });
});

describe('faults on the Responses API', () => {
  it('rate limits with Retry-After, then answers', async () => {
    mock.script('limited', { failure: { type: 'rate_limit', retryAfterSeconds: 2 }, failTimes: 1 });
    const openai = client('limited');
    await expect(openai.responses.create({ model: 'gpt-4.1-mini', input: 'x' })).rejects.toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
      headers: expect.anything(),
    });
    expect((await openai.responses.create({ model: 'gpt-4.1-mini', input: 'x' })).status).toBe('completed');
  });

  it('drops a stream after K events', async () => {
    mock.script('dropper', { failure: { type: 'drop_mid_stream', afterChunks: 4 } });
    const stream = client('dropper').responses.stream({ model: 'gpt-4.1-mini', input: 'hi' });
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    await expect(stream.finalResponse()).rejects.toThrow();
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
  });

  it('hangs until the client times out, and trickles slow streams', async () => {
    mock.script('stuck', { failure: { type: 'hang' } });
    await expect(
      client('stuck', 200).responses.create({ model: 'gpt-4.1-mini', input: 'x' }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(mock.requests('stuck')).toBe(1);
    mock.script('slow', { chunkDelayMs: 30, replyWords: 3 });
    const started = performance.now();
    const response = await client('slow')
      .responses.stream({ model: 'gpt-4.1-mini', input: 'hi' })
      .finalResponse();
    expect(response.output_text.split(' ')).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(9 * 30 - 10);
  });
});
