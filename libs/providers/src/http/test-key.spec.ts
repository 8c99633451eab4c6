import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ProviderTarget } from '../provider-types.js';
import { testKey } from './test-key.js';
import { createUpstreamAgent } from './upstream-agent.js';

const GOOD_KEY = 'sk-good-key-000000000000';
const seen: IncomingMessage[] = [];
const sockets = new Set<Socket>();
let server: Server;
let baseUrl: string;
const dispatcher = createUpstreamAgent();

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request);
    const key =
      request.headers.authorization?.replace('Bearer ', '') ??
      request.headers['x-api-key'] ??
      request.headers['x-goog-api-key'];
    if (key === 'sk-hang-key-000000000000') return;
    request.resume();
    if (key !== GOOD_KEY) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${String(key)}`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ object: 'list', data: [] }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await dispatcher.close();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const target = (type: ProviderTarget['type'], apiKey: string): ProviderTarget => ({
  type,
  baseUrl: `${baseUrl}/v1`,
  model: 'm-1',
  apiKey,
});

describe('testKey', () => {
  it.each([
    ['openai', 'GET', '/v1/models'],
    ['anthropic', 'GET', '/v1/models?limit=1'],
    ['gemini', 'GET', '/v1/models?pageSize=1'],
  ] as const)('lists models to check a %s key', async (type, method, path) => {
    const result = await testKey(target(type, GOOD_KEY), { dispatcher });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(seen.at(-1)).toMatchObject({ method, url: path });
  });

  it('can spend one token instead, proving model access', async () => {
    const result = await testKey(target('gemini', GOOD_KEY), { dispatcher, probe: 'completion' });
    expect(result.ok).toBe(true);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/v1/models/m-1:generateContent' });
  });

  it('reports a rejected key as an auth failure without echoing the key', async () => {
    const badKey = 'sk-bad-key-1111111111111111';
    const result = await testKey(target('openai', badKey), { dispatcher });
    expect(result).toMatchObject({ ok: false, status: 401, error: { errorClass: 'auth' } });
    expect(JSON.stringify(result)).not.toContain(badKey);
  });

  it('reports an upstream that does not answer as a timeout', async () => {
    const result = await testKey(target('anthropic', 'sk-hang-key-000000000000'), {
      dispatcher,
      timeoutMs: 150,
    });
    expect(result).toMatchObject({ ok: false, error: { errorClass: 'timeout' } });
    expect(result.latencyMs).toBeGreaterThanOrEqual(100);
  });
});
