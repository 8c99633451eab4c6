import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type RoundRobinFront, startRoundRobin } from '../../../../scripts/round-robin.mjs';
import {
  METRICS_TOKEN,
  OWNER_EMAIL,
  OWNER_PASSWORD,
  startChaosCluster,
  type ChaosCluster,
  type Replica,
} from './support/chaos-cluster.js';
import { expectLedgerMatches } from './support/ledger-check.js';
import { chat, inParallel, report, statusCounts, type Outcome } from './support/traffic.js';

const STORMY_KEYS = ['sk-chaos-storm-1', 'sk-chaos-storm-2'];
const HEALTHY_KEY = 'sk-chaos-healthy';

/** Three replicas behind the round-robin front, sharing a private PostgreSQL and a private Redis. */
describe('chaos: three replicas sharing state', () => {
  let cluster: ChaosCluster;
  let front: RoundRobinFront;
  let frontUrl: string;

  beforeAll(async () => {
    cluster = await startChaosCluster(3);
    front = await startRoundRobin({ port: 0, targets: cluster.replicas.map((replica) => replica.port) });
    frontUrl = `http://127.0.0.1:${front.port}`;
    for (const secret of [...STORMY_KEYS, HEALTHY_KEY]) await cluster.addKey(secret);
    await cluster.keysEverywhere(3);
  }, 240_000);

  afterAll(async () => {
    await front?.close();
    await cluster?.close();
  });

  const readiness = async (replica: Replica) =>
    (await (await fetch(`${replica.url}/health/ready`)).json()) as { status: string };

  const everyReplica = async (status: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (const replica of cluster.replicas) {
      while ((await readiness(replica)).status !== status) {
        if (Date.now() > deadline) throw new Error(`replica ${replica.index} never reported ${status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };

  /** Log events of one kind a replica wrote; fails on any line that is not JSON. */
  const events = (replica: Replica, event: string) =>
    replica.lines().filter((line) => {
      const parsed = JSON.parse(line) as { event?: string };
      return parsed.event === event;
    }).length;

  it('a 429 storm across 3 replicas: every request succeeds while one key is healthy', async () => {
    for (const secret of STORMY_KEYS)
      cluster.mock.script(secret, { failure: { type: 'rate_limit', retryAfterSeconds: 60 } });
    const { teamId, token } = await cluster.team({ budgetUsd: 100 });
    const outcomes = await inParallel(300, 24, (i) => chat(frontUrl, token, { stream: i % 2 === 0 }));
    const stormed = STORMY_KEYS.reduce((sum, secret) => sum + cluster.mock.requests(secret), 0);
    const ledger = await expectLedgerMatches(cluster.postgres, teamId, outcomes);
    report('429 storm', {
      statuses: statusCounts(outcomes),
      upstream429s: stormed,
      healthyKeyCalls: cluster.mock.requests(HEALTHY_KEY),
      ...ledger,
      rowsById: undefined,
    });
    expect(statusCounts(outcomes)).toEqual({ '200': 300 });
    expect(outcomes.every((outcome) => outcome.complete)).toBe(true);
    cluster.mock.reset();
  });

  it('credit across replicas: settled spend never passes the limit', async () => {
    const limitUsd = 0.003;
    const { teamId, token } = await cluster.team({ budgetUsd: limitUsd });
    const outcomes = await inParallel(600, 60, (i) =>
      chat(frontUrl, token, { stream: i % 2 === 1, maxTokens: 30 }),
    );
    const ledger = await expectLedgerMatches(cluster.postgres, teamId, outcomes);
    const spentUsd = Number(ledger.creditSpentMicros) / 1e6;
    report('credit across replicas', {
      statuses: statusCounts(outcomes),
      limitUsd,
      spentUsd,
      ...ledger,
      rowsById: undefined,
    });
    expect(Object.keys(statusCounts(outcomes)).sort()).toEqual(['200', '402']);
    expect(spentUsd).toBeGreaterThan(0);
    expect(spentUsd).toBeLessThanOrEqual(limitUsd);
  });

  it('Redis down: no 500s, logins work, limits degrade per replica', async () => {
    const rpm = 30;
    const { teamId, token } = await cluster.team({ budgetUsd: 100, token: { rpm } });
    // The per-replica count must not straddle a minute boundary, which would start a fresh window.
    if (Date.now() % 60_000 > 40_000)
      await new Promise((resolve) => setTimeout(resolve, 61_000 - (Date.now() % 60_000)));
    await cluster.redis.kill();
    await everyReplica('degraded');

    const perReplica: Outcome[][] = [];
    for (const replica of cluster.replicas)
      perReplica.push(await inParallel(15, 3, () => chat(replica.url, token)));
    const outcomes = perReplica.flat();
    const logins = await Promise.all(
      cluster.replicas.map(async (replica) => {
        const good = await fetch(`${replica.url}/admin/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
        });
        const bad = await fetch(`${replica.url}/admin/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: OWNER_EMAIL, password: 'not the password' }),
        });
        const session = ((await good.json()) as { accessToken?: string }).accessToken;
        const me = await fetch(`${replica.url}/admin/auth/me`, {
          headers: { authorization: `Bearer ${session}` },
        });
        return [good.status, bad.status, me.status];
      }),
    );
    const metrics = await fetch(`${cluster.replicas[0]!.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const redisUp = /^switchyard_redis_up (\d)$/m.exec(await metrics.text())?.[1];

    await cluster.redis.start();
    await everyReplica('ok');
    const ledger = await expectLedgerMatches(cluster.postgres, teamId, outcomes);
    const served = perReplica.map((sent) => sent.filter((outcome) => outcome.status === 200).length);
    report('Redis down', {
      statuses: statusCounts(outcomes),
      servedPerReplica: served,
      rpm,
      logins,
      redisUpGauge: redisUp,
      warnings: cluster.replicas.map((replica) => [
        events(replica, 'redis_unavailable'),
        events(replica, 'redis_restored'),
      ]),
      ...ledger,
      rowsById: undefined,
    });
    expect(outcomes.filter((outcome) => outcome.status >= 500 || outcome.status === 0)).toEqual([]);
    // 30 rpm over the 3 replicas Redis last counted: 10 a minute each.
    expect(served).toEqual([10, 10, 10]);
    expect(logins).toEqual([
      [200, 401, 200],
      [200, 401, 200],
      [200, 401, 200],
    ]);
    expect(redisUp).toBe('0');
    // One warning each way, not one per request. A replica whose heartbeat times out on a saturated machine may
    // see a second, short outage; each outage still logs one pair.
    for (const replica of cluster.replicas) {
      expect(events(replica, 'redis_unavailable')).toBeGreaterThanOrEqual(1);
      expect(events(replica, 'redis_unavailable')).toBeLessThanOrEqual(2);
      expect(events(replica, 'redis_restored')).toBe(events(replica, 'redis_unavailable'));
    }
  });

  it('revocation during a Redis outage: refused on every replica within 5 s', async () => {
    const { teamId, token, tokenId } = await cluster.team({ budgetUsd: 100 });
    const outcomes: Outcome[] = [];
    for (const replica of cluster.replicas) outcomes.push(await chat(replica.url, token));
    expect(statusCounts(outcomes)).toEqual({ '200': 3 });

    // A hung Redis is the harder case: connections stay open, nothing answers, and no reconnection says so.
    cluster.redis.hang();
    await everyReplica('degraded');
    await cluster.call('DELETE', `/admin/tokens/${tokenId}`);
    const revokedAt = Date.now();
    const refusedAfterMs = await Promise.all(
      cluster.replicas.map(async (replica) => {
        for (;;) {
          const outcome = await chat(replica.url, token);
          outcomes.push(outcome);
          if (outcome.status === 401) return Date.now() - revokedAt;
          if (Date.now() - revokedAt > 10_000) return Infinity;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }),
    );
    cluster.redis.resume();
    await everyReplica('ok');
    const ledger = await expectLedgerMatches(cluster.postgres, teamId, outcomes);
    report('revocation during a Redis outage', {
      refusedAfterMs,
      statuses: statusCounts(outcomes),
      ...ledger,
      rowsById: undefined,
    });
    for (const ms of refusedAfterMs) expect(ms).toBeLessThanOrEqual(5_000);
  });
});
