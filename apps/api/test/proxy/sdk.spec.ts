import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { TOOL_TRIGGER } from '@switchyard/testing';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('the official SDKs against the gateway', () => {
  let gw: Gateway;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('openai', 'sk-openai-1');
    await gw.addKey('anthropic', 'sk-ant-1');
    await gw.addKey('gemini', 'gemini-key-1');
    // An unpriced model only this key declares: it must be listed before anyone has called it.
    await gw.addKey('openrouter', 'sk-or-declared-1', { models: ['meta-llama/llama-3.3-70b-instruct'] });
    openai = new OpenAI({ baseURL: `${gw.baseUrl}/v1`, apiKey: gw.token, maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: gw.baseUrl, apiKey: gw.token, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw.close();
  });

  it('openai: chat, non-stream', async () => {
    const completion = await openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    expect(completion.choices[0]?.message.content).toEqual(expect.any(String));
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('openai: chat, stream, with the usage chunk only when asked for', async () => {
    const stream = await openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('openai: embeddings and models', async () => {
    const embedding = await openai.embeddings.create({
      model: 'openai/text-embedding-3-small',
      input: ['one', 'two'],
    });
    expect(embedding.data).toHaveLength(2);
    expect(embedding.data[0]?.embedding.length).toBeGreaterThan(0);
    const models = await openai.models.list();
    const ids = models.data.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'openai/gpt-4o-mini',
        'anthropic/claude-sonnet-4',
        'openrouter/meta-llama/llama-3.3-70b-instruct',
      ]),
    );
  });

  it('openai: tool calls', async () => {
    const completion = await openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: `${TOOL_TRIGGER} for Paris` }],
      tools: [weatherTool],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
  });

  it('openai client in front of Anthropic and Gemini (translation), stream and tools', async () => {
    for (const model of ['anthropic/claude-sonnet-4', 'gemini/gemini-2.5-flash']) {
      const completion = await openai.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: 'Be brief' },
          { role: 'user', content: 'Say hi' },
        ],
      });
      expect(completion.choices[0]?.message.content).toEqual(expect.any(String));
      const stream = await openai.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Say hi' }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text.length).toBeGreaterThan(0);
      const tool = await openai.chat.completions.create({
        model,
        messages: [{ role: 'user', content: `${TOOL_TRIGGER} for Rome` }],
        tools: [weatherTool],
      });
      expect(tool.choices[0]?.message.tool_calls?.[0]).toBeDefined();
    }
    expect(gw.mock.lastRequest('sk-ant-1')?.path).toBe('/v1/messages');
  });

  it('anthropic: messages non-stream and stream, on Anthropic', async () => {
    const message = await anthropic.messages.create({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    expect(message.content[0]?.type).toBe('text');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const stream = anthropic.messages.stream({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('end_turn');
  });

  it('anthropic client in front of OpenAI (translation), with tool use', async () => {
    const message = await anthropic.messages.create({
      model: 'openai/gpt-4o-mini',
      max_tokens: 100,
      system: 'Be brief',
      messages: [{ role: 'user', content: `${TOOL_TRIGGER} for Oslo` }],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.find((block) => block.type === 'tool_use')).toBeDefined();
    const stream = anthropic.messages.stream({
      model: 'openai/gpt-4o-mini',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]?.type).toBe('text');
    expect(gw.mock.lastRequest('sk-openai-1')?.path).toBe('/v1/chat/completions');
  });

  it('anthropic: count_tokens, and SDK errors carry the status', async () => {
    const counted = await anthropic.messages.countTokens({
      model: 'anthropic/claude-sonnet-4',
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const bad = new Anthropic({ baseURL: gw.baseUrl, apiKey: 'sy-wrong', maxRetries: 0 });
    await expect(
      bad.messages.create({
        model: 'anthropic/claude-sonnet-4',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 401 });
    const badOpenAI = new OpenAI({ baseURL: `${gw.baseUrl}/v1`, apiKey: 'sy-wrong', maxRetries: 0 });
    await expect(
      badOpenAI.chat.completions.create({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('token-count and providers endpoints', async () => {
    const count = await gw.api.http
      .post('/v1/token-count')
      .set('authorization', `Bearer ${gw.token}`)
      .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there' }] })
      .expect(200);
    expect(count.body.prompt_tokens).toBeGreaterThan(0);
    // A special token's spelling in a user's text is counted as the text it is, not refused.
    const special = await gw.api.http
      .post('/v1/token-count')
      .set('authorization', `Bearer ${gw.token}`)
      .send({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hello <|endoftext|> there' }],
      })
      .expect(200);
    expect(special.body.prompt_tokens).toBeGreaterThan(count.body.prompt_tokens);
    const providers = await gw.api.http
      .get('/v1/providers')
      .set('authorization', `Bearer ${gw.token}`)
      .expect(200);
    expect(providers.body.data.find((p: { id: string }) => p.id === 'openai')).toMatchObject({
      type: 'openai',
      keys: 1,
    });
    expect(JSON.stringify(providers.body)).not.toContain('sk-openai-1');
  });
});
