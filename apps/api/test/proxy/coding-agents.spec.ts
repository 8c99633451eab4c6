import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

/** What Claude Code sends besides its token: its own user agent and the beta features it uses. */
const CLAUDE_CODE_HEADERS = {
  'user-agent': 'claude-cli/2.0.14 (external, cli)',
  'x-app': 'cli',
  'anthropic-beta':
    'claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14',
};

/** What Codex sends besides its token (`OPENAI_API_KEY`): who it is, on every Responses request. */
const CODEX_HEADERS = {
  originator: 'codex_cli_rs',
  'user-agent': 'codex_cli_rs/0.46.0 (Debian 12; x86_64) xterm-256color',
  version: '0.46.0',
  'openai-beta': 'responses=experimental',
  session_id: '0199c1b2-52a7-7b61-9d0c-5d8f8d4b0e21',
};

const ANTHROPIC_KEY = 'sk-ant-coding-agents';
const OPENAI_KEY = 'sk-openai-coding-agents';

describe('Claude Code and Codex, as their users run them', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('anthropic', ANTHROPIC_KEY);
    await gw.addKey('openai', OPENAI_KEY);
  });

  afterAll(async () => {
    await gw.close();
  });

  /** ANTHROPIC_BASE_URL=<gateway> and ANTHROPIC_AUTH_TOKEN=sy-…: the SDK sends `Authorization: Bearer`. */
  const claudeCode = (headers: Record<string, string> = {}) =>
    new Anthropic({
      baseURL: gw.baseUrl,
      authToken: gw.token,
      apiKey: null,
      maxRetries: 0,
      defaultHeaders: { ...CLAUDE_CODE_HEADERS, ...headers },
    });

  it('passes anthropic-version, anthropic-beta and cache_control blocks through to Anthropic', async () => {
    const message = await claudeCode().messages.create({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 64,
      system: [
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'The repository is large.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'Say hi', cache_control: { type: 'ephemeral' } }],
        },
      ],
      metadata: { user_id: 'ada@example.com' },
    });
    expect(message.content[0]).toMatchObject({ type: 'text' });
    const seen = gw.mock.lastRequest(ANTHROPIC_KEY)!;
    expect(seen.path).toBe('/v1/messages');
    expect(seen.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(seen.headers['anthropic-beta']).toBe(CLAUDE_CODE_HEADERS['anthropic-beta']);
    expect(seen.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.body).toMatchObject({
      model: 'claude-sonnet-4',
      system: [{ cache_control: { type: 'ephemeral' } }, { cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [{ content: [{ type: 'text', text: 'Say hi', cache_control: { type: 'ephemeral' } }] }],
      metadata: { user_id: 'ada@example.com' },
    });
  });

  it('passes a client’s own anthropic-version, and streams', async () => {
    const stream = claudeCode({ 'anthropic-version': '2023-01-01' }).messages.stream({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 32,
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    const final = await stream.finalMessage();
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    const seen = gw.mock.lastRequest(ANTHROPIC_KEY)!;
    expect(seen.headers['anthropic-version']).toBe('2023-01-01');
    expect(seen.headers['anthropic-beta']).toBe(CLAUDE_CODE_HEADERS['anthropic-beta']);
  });

  it('takes the token as x-api-key too (ANTHROPIC_API_KEY)', async () => {
    const client = new Anthropic({
      baseURL: gw.baseUrl,
      apiKey: gw.token,
      maxRetries: 0,
      defaultHeaders: CLAUDE_CODE_HEADERS,
    });
    const message = await client.messages.create({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 16,
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    expect(message.role).toBe('assistant');
  });

  it('asks Anthropic’s own count_tokens when the route’s key is Anthropic’s', async () => {
    const before = gw.mock.requests(ANTHROPIC_KEY);
    const counted = await claudeCode().messages.countTokens({
      model: 'anthropic/claude-sonnet-4',
      system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'How many tokens is this?' }],
    });
    expect(gw.mock.requests(ANTHROPIC_KEY)).toBe(before + 1);
    const seen = gw.mock.lastRequest(ANTHROPIC_KEY)!;
    expect(seen.path).toBe('/v1/messages/count_tokens');
    expect(seen.headers['anthropic-beta']).toBe(CLAUDE_CODE_HEADERS['anthropic-beta']);
    expect(seen.body).toMatchObject({ model: 'claude-sonnet-4' });
    expect(counted.input_tokens).toBeGreaterThan(0);

    // Another provider's route is estimated by the gateway, without an upstream call.
    const openaiBefore = gw.mock.requests(OPENAI_KEY);
    const estimated = await claudeCode().messages.countTokens({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'How many tokens is this?' }],
    });
    expect(estimated.input_tokens).toBeGreaterThan(0);
    expect(gw.mock.requests(OPENAI_KEY)).toBe(openaiBefore);
  });

  it('relays Anthropic’s count_tokens refusal as Anthropic answered it', async () => {
    const response = await gw.api.http
      .post('/v1/messages/count_tokens')
      .set('authorization', `Bearer ${gw.token}`)
      .send({ model: 'anthropic/claude-sonnet-4', messages: [] });
    expect(response.status).toBe(200);
    const unknown = await gw.api.http
      .post('/v1/messages/count_tokens')
      .set('authorization', `Bearer ${gw.token}`)
      .send({ model: 'anthropic/claude-sonnet-4' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.param).toBe('messages');
  });

  /** OPENAI_BASE_URL=<gateway>/v1 and OPENAI_API_KEY=sy-…, as Codex and the Agents SDK take them. */
  it('serves Codex: Responses, streamed, with its originator and user agent', async () => {
    const codex = new OpenAI({
      baseURL: `${gw.baseUrl}/v1`,
      apiKey: gw.token,
      maxRetries: 0,
      defaultHeaders: CODEX_HEADERS,
    });
    const stream = await codex.responses.create({
      model: 'openai/gpt-4o-mini',
      instructions: 'You are Codex.',
      input: [{ role: 'user', content: 'Say hi' }],
      stream: true,
      user: 'grace@example.com',
    });
    let completed = false;
    for await (const event of stream) if (event.type === 'response.completed') completed = true;
    expect(completed).toBe(true);
    const plain = await new OpenAI({
      baseURL: `${gw.baseUrl}/v1`,
      apiKey: gw.token,
      maxRetries: 0,
    }).chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(plain.choices).toHaveLength(1);
  });

  it('attributes the agents’ requests to their users, the Responses body’s user among them', async () => {
    await gw.flushUsage();
    const response = await gw.api.http
      .get('/admin/usage?groupBy=user,model')
      .set('authorization', gw.admin)
      .expect(200);
    expect(response.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user: 'ada@example.com', model: 'anthropic/claude-sonnet-4', requests: 1 }),
        expect.objectContaining({ user: 'grace@example.com', model: 'openai/gpt-4o-mini', requests: 1 }),
      ]),
    );
  });
});
