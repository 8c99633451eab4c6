import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { ClientDisconnect } from './client-disconnect.js';

describe('ClientDisconnect.of', () => {
  it('is aborted at once for a client that left before the watch began', async () => {
    const app = Fastify();
    const watched = new Promise<ClientDisconnect>((resolve) => {
      app.post('/late', (_request, reply) => {
        // As a request admitted only after its client left: its 'close' is past when the watch starts.
        reply.raw.once('close', () => setImmediate(() => resolve(ClientDisconnect.of(reply.raw))));
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const request = http.request({
        host: '127.0.0.1',
        port: (app.server.address() as AddressInfo).port,
        path: '/late',
        method: 'POST',
      });
      request.on('error', () => undefined);
      request.end();
      setTimeout(() => request.destroy(), 100);
      expect((await watched).aborted).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('stays quiet for an answer that was finished', async () => {
    const app = Fastify();
    const watched = new Promise<ClientDisconnect>((resolve) => {
      app.get('/done', (_request, reply) => {
        const disconnect = ClientDisconnect.of(reply.raw);
        reply.raw.once('close', () => setImmediate(() => resolve(disconnect)));
        void reply.send('ok');
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/done`);
      expect(await response.text()).toBe('ok');
      expect((await watched).aborted).toBe(false);
    } finally {
      await app.close();
    }
  });
});
