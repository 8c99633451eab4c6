import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { signedInAs } from '../support/admin-session.js';
import { eventually } from '../support/eventually.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { type Replica, startReplica } from '../proxy-tokens/replica.js';

const METRICS_TOKEN = 'outage-spec-metrics-token-0123456789';
const HELLO = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] };

type Http = Gateway['api']['http'];

const chat = (http: Http, token: string) =>
  http.post('/v1/chat/completions').set('authorization', `Bearer ${token}`).send(HELLO);

async function statuses(http: Http, token: string, count: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i += 1) seen.push((await chat(http, token)).status);
  return seen;
}

async function readiness(http: Http): Promise<{ status: number; body: { status: string } }> {
  const response = await http.get('/health/ready');
  return { status: response.status, body: response.body as { status: string } };
}

describe('Redis down: two replicas stay up, degraded', () => {
  let redis: PrivateRedis;
  let gateway: Gateway;
  let replica: Replica;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    gateway = await startGateway({ REDIS_URL: redis.url, SWITCHYARD_METRICS_TOKEN: METRICS_TOKEN });
    await gateway.addKey('openai', 'sk-outage-key', { models: ['gpt-4o-mini'] });
    replica = await startReplica(gateway.api, { REDIS_URL: redis.url });
  }, 60_000);

  afterAll(async () => {
    await replica?.close();
    await gateway?.close();
    await redis?.close();
  });

  beforeEach(async () => {
    redis.resume();
    await redis.start();
    // Both replicas heartbeat every 2 s: once both answer `ok`, each has counted the other.
    await eventually(async () => {
      expect((await readiness(gateway.api.http)).body.status).toBe('ok');
      expect((await readiness(replica.http)).body.status).toBe('ok');
    }, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
  }, 20_000);

  it('answers every request, splits rpm between the replicas, signs in, and reports degraded with 200', async () => {
    const { token } = await gateway.issueToken({ rpm: 4 });
    await redis.kill();
    for (const http of [gateway.api.http, replica.http]) {
      await eventually(async () =>
        expect(await readiness(http)).toEqual({
          status: 200,
          body: expect.objectContaining({ status: 'degraded' }),
        }),
      );
    }

    // 4 rpm over the 2 replicas Redis last counted: 2 a minute on each.
    expect(await statuses(gateway.api.http, token, 4)).toEqual([200, 200, 429, 429]);
    expect(await statuses(replica.http, token, 3)).toEqual([200, 200, 429]);

    const metrics = await gateway.api.http
      .get('/metrics')
      .set('authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(metrics.text).toMatch(/^switchyard_redis_up 0$/m);
    expect(metrics.text).toMatch(/^switchyard_replicas 2$/m);

    const unlimited = await gateway.issueToken();
    expect(await statuses(replica.http, unlimited.token, 5)).toEqual([200, 200, 200, 200, 200]);

    const admin = await signedInAs(gateway.api, 'admin');
    await replica.http.get('/admin/auth/me').set('authorization', admin.authorization).expect(200);
    await replica.http
      .post('/admin/auth/login')
      .send({ email: admin.email, password: 'wrong password' })
      .expect(401);
  });

  it('refuses a token revoked on one replica on the other within 5 s while Redis is down', async () => {
    const { id, token } = await gateway.issueToken();
    expect((await chat(replica.http, token)).status).toBe(200);
    await redis.kill();
    await eventually(async () => expect((await readiness(replica.http)).body.status).toBe('degraded'));

    await gateway.api.http.delete(`/admin/tokens/${id}`).set('authorization', gateway.admin).expect(200);
    const revokedAt = Date.now();
    expect((await chat(gateway.api.http, token)).status).toBe(401);
    await eventually(async () => expect((await chat(replica.http, token)).status).toBe(401), 6_000);
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(5_000);
  });

  it('answers while Redis hangs, and re-publishes a change made meanwhile once it answers again', async () => {
    const { id, token } = await gateway.issueToken();
    expect(await statuses(replica.http, token, 2)).toEqual([200, 200]);
    redis.hang();
    // A hung Redis is noticed by the first call that times out; requests go on meanwhile.
    expect((await chat(gateway.api.http, token)).status).toBe(200);
    await eventually(async () => expect((await readiness(gateway.api.http)).body.status).toBe('degraded'));

    // An edit is not a revocation: only the re-published message tells the other replica.
    await gateway.api.http
      .patch(`/admin/tokens/${id}`)
      .set('authorization', gateway.admin)
      .send({ rpm: 1 })
      .expect(200);
    redis.resume();
    await eventually(async () => expect((await readiness(replica.http)).body.status).toBe('ok'), 10_000);
    await eventually(async () => expect((await chat(replica.http, token)).status).toBe(429), 5_000);
  });
});
