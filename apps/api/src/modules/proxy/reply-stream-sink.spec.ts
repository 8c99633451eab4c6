import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { CallRecord } from './call-record.js';
import { ClientDisconnect } from './client-disconnect.js';
import { ReplyStreamSink } from './reply-stream-sink.js';

const PRINCIPAL: ProxyTokenPrincipal = {
  tokenId: 'token-1',
  teamId: 'team-1',
  name: 'app',
  allowedModels: [],
  rpm: null,
  tpm: null,
  budgetLimitMicros: null,
  budgetPeriod: null,
  expiresAt: null,
  logBodies: false,
  requireUser: false,
};

interface OpenStream {
  sink: ReplyStreamSink;
  disconnect: ClientDisconnect;
}

/** A server whose one route opens a stream through the sink and hands it to the test, which writes the rest. */
async function streamingServer(): Promise<{
  app: FastifyInstance;
  port: number;
  opened: Promise<OpenStream>;
}> {
  const app = Fastify();
  let handOver: (stream: OpenStream) => void = () => undefined;
  const opened = new Promise<OpenStream>((resolve) => (handOver = resolve));
  app.post('/stream', (request, reply) => {
    const disconnect = ClientDisconnect.of(reply.raw);
    const sink = new ReplyStreamSink(reply, new CallRecord(request.id, '/stream', PRINCIPAL), disconnect);
    sink.open({ attempts: 1, upstreamMs: 0 });
    void sink.write('data: first\n\n');
    handOver({ sink, disconnect });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as AddressInfo).port, opened };
}

/** Sends a request, reads the first bytes of the answer, then drops the connection. */
function readFirstBytesThenLeave(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: '/stream', method: 'POST' }, (response) => {
      response.once('data', (chunk: Buffer) => {
        request.destroy();
        resolve(chunk.toString());
      });
    });
    request.on('error', (error) => {
      if (!request.destroyed) reject(error);
    });
    request.end();
  });
}

/** 'settled' when `promise` settles within `ms`, else 'pending'. */
async function within(ms: number, promise: Promise<unknown>): Promise<'settled' | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((resolve) => (timer = setTimeout(resolve, ms, 'pending')));
  try {
    return await Promise.race([promise.then(() => 'settled' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('ReplyStreamSink', () => {
  let app: FastifyInstance | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('never waits on a client that left: chunks handed over after its abort are dropped at once', async () => {
    const server = await streamingServer();
    app = server.app;
    expect(await readFirstBytesThenLeave(server.port)).toContain('data: first');
    const { sink, disconnect } = await server.opened;
    if (!disconnect.aborted) await new Promise((resolve) => disconnect.once('abort', resolve));

    // The relay hands over what the upstream sent before the abort reached it; none of it may hold the relay.
    const late = [sink.write('data: late\n\n'), sink.write('data: later\n\n')];
    expect(await within(1000, Promise.all(late))).toBe('settled');
    sink.end();
  });
});
