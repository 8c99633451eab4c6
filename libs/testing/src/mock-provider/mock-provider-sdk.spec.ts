import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { startMockProvider, type MockProvider } from './mock-provider.js';

let mock: MockProvider;
let openai: OpenAI;
let anthropic: Anthropic;

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
      required: ['city'],
    },
  },
};

beforeAll(async () => {
  mock = await startMockProvider();
  openai = new OpenAI({ apiKey: 'sk-sdk-openai', baseURL: mock.baseUrl('openai'), maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'sk-ant-sdk', baseURL: mock.url, maxRetries: 0 });
});

afterAll(async () => {
  await mock.close();
});

describe('the official OpenAI SDK against the mock', () => {
  it('reads a chat completion with usage', async () => {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content?.split(' ')).toHaveLength(12);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 12, total_tokens: 15 });
  });

  it('streams one chunk per word and a usage chunk when asked', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'echo: one two three' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const contents: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) contents.push(content);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(contents).toEqual(['one', ' two', ' three']);
    expect(usage).toMatchObject({ completion_tokens: 3 });
  });

  it('calls the first tool when asked to use the tool, streaming and not', async () => {
    const request = {
      model: 'gpt-4o',
      messages: [{ role: 'user' as const, content: 'Please use the tool for Paris' }],
      tools: [weatherTool],
    };
    const completion = await openai.chat.completions.create(request);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"mock","days":1}' },
    });
    const streamed = await openai.chat.completions.stream(request).finalChatCompletion();
    expect(streamed.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      function: { name: 'get_weather', arguments: '{"city":"mock","days":1}' },
    });
  });

  it('answers in words after a tool result instead of calling the tool again', async () => {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'use the tool' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('cuts the answer at max_tokens with a length stop', async () => {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 4,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'length',
      message: { content: 'The quick brown fox' },
    });
  });

  it('embeds text (the SDK asks for base64 and decodes it) and lists models', async () => {
    const embeddings = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      dimensions: 16,
    });
    expect(embeddings.data.map((item) => item.embedding.length)).toEqual([16, 16]);
    expect(embeddings.data[0]?.embedding).not.toEqual(embeddings.data[1]?.embedding);
    const models = await openai.models.list();
    expect(models.data.map((model) => model.id)).toContain('gpt-4o-mini');
  });

  it('surfaces scripted failures as the SDK error classes', async () => {
    mock.script('sk-sdk-limited', { failure: { type: 'rate_limit', retryAfterSeconds: 7 } });
    const limited = new OpenAI({ apiKey: 'sk-sdk-limited', baseURL: mock.baseUrl('openai'), maxRetries: 0 });
    const error = await limited.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
      headers: expect.objectContaining({}),
    });
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');
  });
});

describe('the official Anthropic SDK against the mock', () => {
  it('reads a message with usage', async () => {
    const message = await anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(message.type).toBe('message');
    expect(message.content).toEqual([{ type: 'text', text: expect.any(String) }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 4, output_tokens: 12 });
  });

  it('streams text deltas and accumulates the final message', async () => {
    const deltas: string[] = [];
    const stream = anthropic.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'echo: alpha beta' }],
    });
    stream.on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();
    expect(deltas).toEqual(['alpha', ' beta']);
    expect(message.content).toEqual([{ type: 'text', text: 'alpha beta' }]);
    expect(message.usage.output_tokens).toBe(2);
  });

  it('streams a tool_use block with its input', async () => {
    const message = await anthropic.messages
      .stream({
        model: 'claude-opus-4-5',
        max_tokens: 100,
        tools: [
          { name: 'lookup', input_schema: { type: 'object', properties: { query: { type: 'string' } } } },
        ],
        messages: [{ role: 'user', content: 'use the tool now' }],
      })
      .finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'lookup', input: { query: 'mock' } },
    ]);
  });

  it('counts tokens and lists models', async () => {
    const count = await anthropic.messages.countTokens({
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: 'twelve chars' }],
    });
    expect(count.input_tokens).toBe(3);
    const models = await anthropic.models.list();
    expect(models.data.map((model) => model.id)).toContain('claude-sonnet-4-5');
  });

  it('rejects a request without max_tokens, as Anthropic does', async () => {
    const response = await fetch(`${mock.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-sdk', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', messages: [] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
  });

  it('surfaces an overloaded failure as the SDK error class', async () => {
    mock.script('sk-ant-overloaded', { failure: { type: 'server', status: 529 } });
    const overloaded = new Anthropic({ apiKey: 'sk-ant-overloaded', baseURL: mock.url, maxRetries: 0 });
    const error = await overloaded.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({
      status: 529,
      error: { type: 'error', error: { type: 'overloaded_error' } },
    });
  });
});
