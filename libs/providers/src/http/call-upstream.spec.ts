import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { UpstreamError } from '../errors/upstream-error.js';
import { callUpstream, readUpstreamFailure } from './call-upstream.js';
import { networkFailure } from './network-failure.js';
import { createUpstreamAgent } from './upstream-agent.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const routes = new Map<string, Handler>();
const sockets = new Set<Socket>();
let server: Server;
let baseUrl: string;
let connections = 0;
const agent = createUpstreamAgent({ connectTimeoutMs: 1_000 });

beforeAll(async () => {
  server = createServer((request, response) => routes.get(request.url ?? '')?.(request, response));
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes.set('/ok', (request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining-requests': '7' });
      response.end(JSON.stringify({ echo: JSON.parse(body || '{}'), auth: request.headers.authorization }));
    });
  });
  routes.set('/limited', (_request, response) => {
    response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
    response.end(
      JSON.stringify({
        error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
      }),
    );
  });
  routes.set('/text-error', (_request, response) => {
    response.writeHead(503, { 'content-type': 'text/html' });
    response.end('<h1>Service Unavailable</h1>');
  });
  routes.set('/hang', () => undefined);
  routes.set('/moved', (_request, response) => {
    response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
    response.end();
  });
  routes.set('/stall', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write('data: first\n\n');
  });
  routes.set('/events', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    let sent = 0;
    const timer = setInterval(() => {
      sent += 1;
      if (sent <= 3) response.write(`data: ${sent}\n\n`);
      else {
        clearInterval(timer);
        response.end();
      }
    }, 10);
  });
  routes.set('/big', (_request, response) => {
    response.writeHead(200);
    response.end(Buffer.alloc(4096, 'x'));
  });
});

afterAll(async () => {
  await agent.close();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function expectUpstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('expected an UpstreamError');
}

describe('callUpstream', () => {
  it('sends method, headers and body and returns status, headers and body', async () => {
    const response = await callUpstream(
      {
        method: 'POST',
        url: `${baseUrl}/ok`,
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: '{"a":1}',
      },
      { dispatcher: agent },
    );
    expect(response.status).toBe(200);
    expect(response.headers['x-ratelimit-remaining-requests']).toBe('7');
    expect(JSON.parse((await response.readBody()).toString())).toEqual({ echo: { a: 1 }, auth: 'Bearer k' });
  });

  it('reuses the kept-alive connection for the next call', async () => {
    const before = connections;
    for (let call = 0; call < 3; call++) {
      const response = await callUpstream(
        { method: 'POST', url: `${baseUrl}/ok`, headers: {}, body: '{}' },
        { dispatcher: agent },
      );
      await response.readBody();
    }
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it('resolves with error statuses, which readUpstreamFailure turns into a classifiable failure', async () => {
    const response = await callUpstream(
      { method: 'GET', url: `${baseUrl}/limited`, headers: {} },
      { dispatcher: agent },
    );
    const failure = await readUpstreamFailure(response);
    expect(failure).toMatchObject({
      status: 429,
      headers: { 'retry-after': '3' },
      body: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
    });
    const textFailure = await readUpstreamFailure(
      await callUpstream({ method: 'GET', url: `${baseUrl}/text-error`, headers: {} }, { dispatcher: agent }),
    );
    expect(textFailure).toMatchObject({ status: 503, body: '<h1>Service Unavailable</h1>' });
  });

  it('turns a refused connection into a network failure', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await expectUpstreamError(
      callUpstream({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} }, { dispatcher: agent }),
    );
    expect(error.failure.networkError?.code).toBe('ECONNREFUSED');
    expect(error.failure.status).toBeUndefined();
  });

  it('gives up when the headers do not arrive in time', async () => {
    const error = await expectUpstreamError(
      callUpstream(
        { method: 'GET', url: `${baseUrl}/hang`, headers: {} },
        { dispatcher: agent, headersTimeoutMs: 100 },
      ),
    );
    expect(error.failure.networkError?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  it('fails the chunk walk when the caller aborts after the headers', async () => {
    const controller = new AbortController();
    const response = await callUpstream(
      { method: 'GET', url: `${baseUrl}/stall`, headers: {} },
      { dispatcher: agent, signal: controller.signal },
    );
    const chunks: string[] = [];
    const caught = await response
      .forEachChunk((chunk) => {
        chunks.push(chunk.toString());
        controller.abort();
      })
      .catch((error: unknown) => error);
    expect(chunks).toEqual(['data: first\n\n']);
    expect(networkFailure(caught).networkError?.name).toBe('AbortError');
  });

  it('discards an unread answer keeping the connection, and refuses a second reader', async () => {
    const first = await callUpstream(
      { method: 'POST', url: `${baseUrl}/ok`, headers: {}, body: '{}' },
      { dispatcher: agent },
    );
    await first.discard();
    await expect(first.readBody()).rejects.toThrow('the upstream body can be read only once');
    const before = connections;
    const second = await callUpstream(
      { method: 'POST', url: `${baseUrl}/ok`, headers: {}, body: '{"n":2}' },
      { dispatcher: agent },
    );
    const reading = second.readBody();
    await expect(second.readBody()).rejects.toThrow('the upstream body can be read only once');
    expect(JSON.parse((await reading).toString())).toMatchObject({ echo: { n: 2 } });
    expect(connections).toBe(before);
  });

  it('hands over chunks one at a time, holding the next back while a returned promise is pending', async () => {
    const response = await callUpstream(
      { method: 'GET', url: `${baseUrl}/events`, headers: {} },
      { dispatcher: agent },
    );
    const seen: string[] = [];
    let busy = false;
    await response.forEachChunk((chunk) => {
      expect(busy).toBe(false);
      seen.push(chunk.toString());
      if (seen.length !== 1) return undefined;
      busy = true;
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          busy = false;
          resolve();
        }, 60),
      );
    });
    expect(seen.join('')).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
  });

  it('rejects the chunk walk with what the handler threw, or with the stalled body', async () => {
    const events = await callUpstream(
      { method: 'GET', url: `${baseUrl}/events`, headers: {} },
      { dispatcher: agent },
    );
    const stop = new Error('enough');
    await expect(
      events.forEachChunk(() => {
        throw stop;
      }),
    ).rejects.toBe(stop);
    const stalled = await callUpstream(
      { method: 'GET', url: `${baseUrl}/stall`, headers: {} },
      { dispatcher: agent, bodyIdleTimeoutMs: 100 },
    );
    const chunks: string[] = [];
    const caught = await stalled.forEachChunk((chunk) => void chunks.push(chunk.toString())).catch((e) => e);
    expect(chunks).toEqual(['data: first\n\n']);
    expect(networkFailure(caught).networkError?.code).toBe('UND_ERR_BODY_TIMEOUT');
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = callUpstream(
      { method: 'GET', url: `${baseUrl}/hang`, headers: {} },
      { dispatcher: agent, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    const error = await expectUpstreamError(pending);
    expect(error.failure.networkError?.name).toBe('AbortError');
  });

  it('refuses to buffer more than the given size', async () => {
    const response = await callUpstream(
      { method: 'GET', url: `${baseUrl}/big`, headers: {} },
      { dispatcher: agent },
    );
    await expect(response.readBody(1024)).rejects.toThrow(UpstreamError);
  });
});

describe('redirects', () => {
  it('are an upstream failure, never followed and never an empty answer', async () => {
    const call = callUpstream({ url: `${baseUrl}/moved`, method: 'GET', headers: {} }, { dispatcher: agent });
    await expect(call).rejects.toBeInstanceOf(UpstreamError);
    const failure = ((await call.catch((error: unknown) => error)) as UpstreamError).failure;
    expect(failure.status).toBe(502);
    expect(JSON.stringify(failure.body)).toMatch(/302, a redirect/);
  });
});
