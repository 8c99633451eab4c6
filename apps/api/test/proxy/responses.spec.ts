import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI, { APIError } from 'openai';
import pg from 'pg';
import { startSecondReplica } from '../credits/support/replicas.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

interface UsageRow {
  endpoint: string;
  status: number;
  stream: boolean;
  provider: string;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_micros: string;
  attempts: number;
}

describe('POST /v1/responses with the official OpenAI SDK', () => {
  let gw: Gateway;
  let openai: OpenAI;

  /** The client plus the raw answer, for the gateway's headers. */
  const sdk = (token = gw.token) => new OpenAI({ baseURL: `${gw.baseUrl}/v1`, apiKey: token, maxRetries: 0 });

  const usageRows = async (where: string, values: unknown[]): Promise<UsageRow[]> => {
    await gw.flushUsage();
    const client = new pg.Client({ connectionString: gw.api.database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT endpoint, status, stream, provider, model, prompt_tokens, completion_tokens, cached_tokens,
                cost_micros::text AS cost_micros, attempts
           FROM usage_events WHERE ${where} ORDER BY at`,
        values,
      );
      return rows as UsageRow[];
    } finally {
      await client.end();
    }
  };

  /** A token of a new team, with a budget if given. */
  const otherTeamToken = async (name: string, budget?: Record<string, unknown>): Promise<string> => {
    const team = await gw.api.http
      .post('/admin/teams')
      .set('authorization', gw.admin)
      .send({ name: `${name}-${Date.now()}` })
      .expect(201);
    const teamId = team.body.id as string;
    if (budget)
      await gw.api.http
        .put(`/admin/teams/${teamId}/budget`)
        .set('authorization', gw.admin)
        .send(budget)
        .expect(200);
    const issued = await gw.api.http
      .post(`/admin/teams/${teamId}/tokens`)
      .set('authorization', gw.admin)
      .send({ name })
      .expect(201);
    return issued.body.token as string;
  };

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('openai', 'sk-openai-responses');
    await gw.addKey('anthropic', 'sk-ant-responses');
    await gw.addKey('gemini', 'gemini-responses');
    await gw.addKey('openrouter', 'sk-or-responses');
    openai = sdk();
  });

  afterAll(async () => {
    await gw.close();
  });

  describe('an upstream that serves the Responses API: passed through', () => {
    it('not streamed: the answer, the gateway headers and a usage row with cached tokens and cost', async () => {
      const { data, response } = await openai.responses
        .create({
          model: 'openai/gpt-4o-mini',
          instructions: 'Be brief.',
          input: 'echo: passed through',
          prompt_cache_key: 'session-1',
        })
        .withResponse();
      expect(data.output_text).toBe('passed through');
      expect(data.usage?.input_tokens_details.cached_tokens).toBeGreaterThan(0);
      expect(response.headers.get('x-switchyard-attempts')).toBe('1');
      expect(response.headers.get('x-request-id')).toBeTruthy();
      expect(gw.mock.lastRequest('sk-openai-responses')).toMatchObject({
        path: '/v1/responses',
        body: { model: 'gpt-4o-mini', instructions: 'Be brief.', prompt_cache_key: 'session-1' },
      });

      const [row] = await usageRows('request_id = $1', [response.headers.get('x-request-id')]);
      expect(row).toMatchObject({
        endpoint: '/v1/responses',
        status: 200,
        stream: false,
        provider: 'openai',
        model: 'gpt-4o-mini',
        prompt_tokens: data.usage!.input_tokens,
        completion_tokens: data.usage!.output_tokens,
        cached_tokens: data.usage!.input_tokens_details.cached_tokens,
      });
      // gpt-4o-mini per million tokens: $0.15 uncached input, $0.075 cached, $0.60 output; rounded up to a µUSD.
      const { input_tokens, output_tokens, input_tokens_details } = data.usage!;
      const cached = input_tokens_details.cached_tokens;
      const micros = Math.ceil(
        ((input_tokens - cached) * 150_000 + cached * 75_000 + output_tokens * 600_000) / 1e6,
      );
      expect(row!.cost_micros).toBe(String(micros));
    });

    it('streamed: the SDK accumulates the upstream events, the usage is read from response.completed', async () => {
      const stream = openai.responses.stream({ model: 'openai/gpt-4o-mini', input: 'echo: one two three' });
      const response = await stream.finalResponse();
      expect(response.output_text).toBe('one two three');
      const [row] = await usageRows('endpoint = $1 AND stream AND provider = $2', [
        '/v1/responses',
        'openai',
      ]);
      expect(row).toMatchObject({
        status: 200,
        prompt_tokens: response.usage!.input_tokens,
        completion_tokens: 3,
      });
    });

    it('a function-call round trip, and previous_response_id passed through', async () => {
      const first = await openai.responses.create({
        model: 'openai/gpt-4o-mini',
        input: 'Please use the tool for Paris',
        tools: [weatherTool],
      });
      const call = first.output.find((item) => item.type === 'function_call');
      expect(call).toMatchObject({ name: 'get_weather' });
      const second = await openai.responses.create({
        model: 'openai/gpt-4o-mini',
        tools: [weatherTool],
        previous_response_id: first.id,
        input: [{ type: 'function_call_output', call_id: call!.call_id, output: '{"temp":21}' }],
      });
      expect(second.output_text.length).toBeGreaterThan(0);
      expect(second.previous_response_id).toBe(first.id);
    });
  });

  describe('GET /v1/responses/:id: stored responses, through the key that stored them', () => {
    it('retrieves what was relayed, streamed or not, for its own team only', async () => {
      const whole = await openai.responses.create({ model: 'openai/gpt-4o-mini', input: 'echo: keep this' });
      const streamed = await openai.responses
        .stream({ model: 'openai/gpt-4o-mini', input: 'echo: and this' })
        .finalResponse();
      const { data, response } = await openai.responses.retrieve(whole.id).withResponse();
      expect(data.output_text).toBe('keep this');
      expect((await openai.responses.retrieve(streamed.id)).output_text).toBe('and this');
      expect(gw.mock.lastRequest('sk-openai-responses')).toMatchObject({
        method: 'GET',
        path: `/v1/responses/${streamed.id}`,
      });
      const [row] = await usageRows('request_id = $1', [response.headers.get('x-request-id')]);
      expect(row).toMatchObject({
        endpoint: '/v1/responses/:id',
        status: 200,
        provider: 'openai',
        prompt_tokens: 0,
        cost_micros: '0',
      });

      const other = await otherTeamToken('other');
      await expect(sdk(other).responses.retrieve(whole.id)).rejects.toMatchObject({
        status: 404,
        code: 'response_not_found',
      });
    });

    it('is found by another replica once its usage row is written, still for its own team only', async () => {
      const stored = await openai.responses.create({ model: 'openai/gpt-4o-mini', input: 'echo: elsewhere' });
      await gw.flushUsage();
      const replica = await startSecondReplica(gw.api);
      try {
        await replica.listen({ port: 0, host: '127.0.0.1' });
        const replicaUrl = await replica.getUrl();
        const on = (token: string) =>
          new OpenAI({ baseURL: `${replicaUrl}/v1`, apiKey: token, maxRetries: 0 });
        expect((await on(gw.token).responses.retrieve(stored.id)).output_text).toBe('elsewhere');
        const other = await otherTeamToken('elsewhere');
        await expect(on(other).responses.retrieve(stored.id)).rejects.toMatchObject({
          status: 404,
          code: 'response_not_found',
        });
      } finally {
        await replica.close();
      }
    });

    it('finds nothing for an unstored answer, a translated one or an unknown id', async () => {
      const unstored = await openai.responses.create({
        model: 'openai/gpt-4o-mini',
        input: 'x',
        store: false,
      });
      const translated = await openai.responses.create({ model: 'anthropic/claude-sonnet-4', input: 'x' });
      for (const id of [unstored.id, translated.id, 'resp_unknown'])
        await expect(openai.responses.retrieve(id)).rejects.toMatchObject({
          status: 404,
          code: 'response_not_found',
          param: 'response_id',
        });
    });
  });

  describe.each([
    ['anthropic', 'anthropic/claude-sonnet-4', 'sk-ant-responses', '/v1/messages'],
    ['gemini', 'gemini/gemini-2.5-flash', 'gemini-responses', '/v1beta/models/gemini-2.5-flash:'],
    ['an OpenAI-compatible host', 'openrouter/openai/gpt-4o-mini', 'sk-or-responses', '/v1/chat/completions'],
  ])('%s upstream: translated both ways', (_name, model, key, upstreamPath) => {
    it('not streamed', async () => {
      const response = await openai.responses.create({ model, input: 'echo: translated answer' });
      expect(response.object).toBe('response');
      expect(response.output_text).toBe('translated answer');
      expect(response.usage?.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
      expect(gw.mock.lastRequest(key)?.path).toContain(upstreamPath);
    });

    it('streamed, with function tools and a function-call round trip', async () => {
      const stream = openai.responses.stream({ model, input: 'use the tool', tools: [weatherTool] });
      const types: string[] = [];
      stream.on('event', (event) => types.push(event.type));
      const first = await stream.finalResponse();
      const call = first.output.find((item) => item.type === 'function_call');
      expect(call).toMatchObject({ name: 'get_weather', status: 'completed' });
      expect(JSON.parse(call!.arguments)).toEqual({ city: 'mock' });
      expect(types[0]).toBe('response.created');
      expect(types).toContain('response.function_call_arguments.delta');
      expect(types).toContain('response.function_call_arguments.done');
      expect(types.at(-1)).toBe('response.completed');

      const answer = await openai.responses
        .stream({
          model,
          tools: [weatherTool],
          input: [
            { role: 'user', content: 'use the tool' },
            { type: 'function_call', call_id: call!.call_id, name: call!.name, arguments: call!.arguments },
            { type: 'function_call_output', call_id: call!.call_id, output: '{"temp":21}' },
          ],
        })
        .finalResponse();
      expect(answer.output_text.length).toBeGreaterThan(0);
      expect(answer.usage?.output_tokens).toBeGreaterThan(0);
    });

    it('refuses stateful fields with a 400 naming the field', async () => {
      await expect(
        openai.responses.create({ model, input: 'x', previous_response_id: 'resp_earlier' }),
      ).rejects.toMatchObject({ status: 400, param: 'previous_response_id' });
      await expect(openai.responses.create({ model, input: 'x', store: true })).rejects.toMatchObject({
        status: 400,
        param: 'store',
      });
    });
  });

  it('an upstream failure after the first byte ends the stream with response.failed and an error event', async () => {
    const { id, token } = await gw.issueToken({ name: 'drops', allowedModels: ['midstream/*'] });
    await gw.api.http
      .post('/admin/providers')
      .set('authorization', gw.admin)
      .send({ name: 'midstream', type: 'anthropic', baseUrl: gw.mock.baseUrl('anthropic') })
      .expect(201);
    await gw.addKey('midstream', 'sk-drops-midway');
    gw.mock.script('sk-drops-midway', { failure: { type: 'drop_mid_stream', afterChunks: 4 } });
    const stream = sdk(token).responses.stream({ model: 'midstream/claude-sonnet-4', input: 'hello' });
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    await expect(stream.finalResponse()).rejects.toThrow(/mid-stream|upstream/i);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.failed');
    const rows = await usageRows(`token_id = $1`, [id]);
    expect(rows).toEqual([expect.objectContaining({ endpoint: '/v1/responses', status: 502, stream: true })]);
  });

  it('fails over across keys on a 429', async () => {
    await gw.api.http
      .post('/admin/providers')
      .set('authorization', gw.admin)
      .send({ name: 'native', type: 'openai', baseUrl: gw.mock.baseUrl('responses'), servesResponses: true })
      .expect(201);
    await gw.addKey('native', 'sk-native-429');
    await gw.addKey('native', 'sk-native-ok');
    gw.mock.script('sk-native-429', { failure: { type: 'rate_limit', retryAfterSeconds: 30 } });
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await openai.responses.create({
        model: 'native/gpt-4.1-mini',
        input: 'echo: still served',
      });
      expect(response.output_text).toBe('still served');
    }
    expect(gw.mock.requests('sk-native-429')).toBe(1);
    expect(gw.mock.requests('sk-native-ok')).toBe(3);
    const rows = await usageRows(`endpoint = $1 AND provider = $2`, ['/v1/responses', 'native']);
    expect(rows.map((row) => row.attempts).sort()).toEqual([1, 1, 2]);
  });

  it('refuses a model outside the token’s allow-list, and a bad body, naming the field', async () => {
    const { token } = await gw.issueToken({ name: 'claude-only', allowedModels: ['anthropic/*'] });
    await expect(
      sdk(token).responses.create({ model: 'openai/gpt-4o-mini', input: 'x' }),
    ).rejects.toMatchObject({ status: 400, code: 'model_not_allowed', param: 'model' });
    await expect(openai.responses.create({ model: 'openai/gpt-4o-mini' } as never)).rejects.toMatchObject({
      status: 400,
      param: 'input',
    });
    await expect(
      openai.responses.create({
        model: 'anthropic/claude-sonnet-4',
        input: 'x',
        tools: [{ type: 'function', parameters: {} } as never],
      }),
    ).rejects.toMatchObject({ status: 400, param: 'tools.0.name' });
    await expect(
      openai.responses.create({
        model: 'anthropic/claude-sonnet-4',
        input: 'x',
        tools: [{ type: 'web_search' }],
      }),
    ).rejects.toMatchObject({ status: 400, param: 'tools[0].type' });
  });

  it('gives an out-of-credit team the same 402 as chat', async () => {
    const broke = sdk(await otherTeamToken('broke', { limitUsd: 0.000001, period: 'monthly' }));
    const viaResponses = await broke.responses
      .create({ model: 'openai/gpt-4o-mini', input: 'hello' })
      .catch((error: unknown) => error);
    const viaChat = await broke.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] })
      .catch((error: unknown) => error);
    expect(viaResponses).toBeInstanceOf(APIError);
    expect(viaResponses).toMatchObject({ status: 402, code: 'credit_limit_exceeded' });
    // The same refusal; only the worst-case cost in the message differs with the request's size.
    const sameShape = { code: 'credit_limit_exceeded', type: 'insufficient_quota', param: null };
    expect((viaResponses as APIError).error).toMatchObject(sameShape);
    expect((viaChat as APIError).error).toMatchObject(sameShape);
    expect((viaResponses as APIError).message).toContain('has $0.000001 of credit left');
  });
});
