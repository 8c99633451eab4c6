import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { testServerUrl } from '@switchyard/testing';
import { GatewayKeyPool } from '../../src/modules/gateway-pool/gateway-key-pool.js';
import { InFlightRequests } from '../../src/modules/proxy/in-flight-requests.js';
import { eventually } from '../support/eventually.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';
import { queryRows } from '../support/query-rows.js';
import { serverOf, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const KEY = 'sk-client-gone';

/**
 * A client can leave at any moment of its request, including while the gateway is still deciding whether to admit
 * it (waiting on PostgreSQL for its team's credit). Whenever it leaves, the request must end: its key is released,
 * and it is recorded once as a 499 with its estimated prompt.
 */
describe('a client that leaves', () => {
  let db: TcpProxy;
  let gw: Gateway;

  beforeAll(async () => {
    const { host, port } = serverOf(testServerUrl());
    db = await startTcpProxy(host, port);
  });

  // A gateway per case: a request one case leaves in flight must not show in the next.
  beforeEach(async () => {
    gw = await startGateway({}, { connectThrough: (url) => db.urlFor(url) });
    await gw.addKey('openai', KEY, { models: ['gpt-4o-mini'] });
  });

  afterEach(async () => {
    db.restore();
    await gw?.close();
  });

  afterAll(async () => {
    await db?.close();
  });

  const send = (token: string, signal: AbortSignal, stream: boolean) =>
    fetch(`${gw.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'openai/gpt-4o-mini',
        stream,
        messages: [{ role: 'user', content: 'Tell me about the weather in a few words.' }],
      }),
      signal,
    }).then(
      async (response) => `${response.status} ${await response.text()}`,
      (error: { name?: string }) => error.name,
    );

  it.each([true, false])(
    'while its request waits to be admitted (stream: %s): the request ends, is recorded as a 499 and leaves nothing in flight',
    async (stream) => {
      gw.mock.script(KEY, { chunkDelayMs: 20, replyWords: 20 });
      // The gateway's team has not been served yet: its credit is read from PostgreSQL on its first request. Its
      // token is made known first, so that only admission waits on PostgreSQL.
      const { token, teamId } = gw;
      await fetch(`${gw.baseUrl}/v1/models`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
        r.text(),
      );

      const controller = new AbortController();
      db.hang();
      try {
        const answer = send(token, controller.signal, stream);
        await new Promise((resolve) => setTimeout(resolve, 500));
        controller.abort();
        expect(await answer).toBe('AbortError');
        // The gateway has seen the client go before admission resumes.
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        db.restore();
      }

      const pool = gw.api.app.get(GatewayKeyPool, { strict: false });
      const relays = gw.api.app.get(InFlightRequests, { strict: false });
      await eventually(async () => {
        expect({ keys: pool.stats().inFlight, relays: relays.size }).toEqual({ keys: 0, relays: 0 });
        await gw.flushUsage();
        const rows = await queryRows<{ status: number; prompt_tokens: number; estimated: boolean }>(
          gw.api.database.url,
          'SELECT status, prompt_tokens, estimated FROM usage_events WHERE team_id = $1',
          [teamId],
        );
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ status: 499, estimated: true });
        expect(rows[0]!.prompt_tokens).toBeGreaterThan(0);
      }, 10_000);
    },
  );
});
