import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startChaosCluster, type ChaosCluster } from './support/chaos-cluster.js';
import { expectLedgerMatches } from './support/ledger-check.js';
import { atRate, chat, type Outcome, report, statusCounts } from './support/traffic.js';

const KEY = 'sk-chaos-faults';
const FLUSH_INTERVAL_MS = 1000;
const GRACE_MS = 3000;

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One replica whose database hangs, or whose process is stopped mid-traffic. After each
 * fault the replica is started again on the same data directory, so it replays its write-ahead file, and the
 * usage rows are matched to what the clients were served.
 */
describe('chaos: faults of PostgreSQL and of the process', () => {
  let cluster: ChaosCluster;

  beforeAll(async () => {
    cluster = await startChaosCluster(1, {
      SWITCHYARD_SHUTDOWN_GRACE_MS: String(GRACE_MS),
      SWITCHYARD_USAGE_FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS),
    });
    await cluster.addKey(KEY);
    await cluster.keysEverywhere(1);
  }, 180_000);

  afterAll(async () => {
    await cluster?.close();
  });

  it('streams cut at the deadline: recorded and charged', async () => {
    // 60 chunks 250 ms apart: each stream would run 15 s, far past the grace period.
    cluster.mock.script(KEY, { chunkDelayMs: 250, replyWords: 60 });
    const { teamId, token } = await cluster.team({ budgetUsd: 100 });
    const replica = cluster.replicas[0]!;
    const streams = Array.from({ length: 20 }, () => chat(replica.url, token, { stream: true }));
    await after(1500);
    replica.signal('SIGTERM');
    const outcomes = await Promise.all(streams);
    const exitCode = await replica.process.exited;
    cluster.mock.reset();
    await cluster.restart(replica);
    const ledger = await expectLedgerMatches(cluster.postgres, teamId, outcomes);
    const rows = outcomes.flatMap((outcome) =>
      outcome.requestId ? [ledger.rowsById.get(outcome.requestId)] : [],
    );
    const charged = await cluster.postgres.query<{ cost: string }>(
      'SELECT cost_micros::text AS cost FROM usage_events WHERE team_id = $1 AND cost_micros > 0',
      [teamId],
    );
    report('streams cut at the deadline', {
      statuses: statusCounts(outcomes),
      completed: outcomes.filter((outcome) => outcome.complete).length,
      rowsWithOutput: rows.filter((row) => (row?.completion_tokens ?? 0) > 0).length,
      outputTokens: rows.map((row) => row?.completion_tokens),
      rowsCharged: charged.length,
      exitCode,
      ...ledger,
      rowsById: undefined,
    });
    expect(statusCounts(outcomes)).toEqual({ '200': 20 });
    expect(outcomes.filter((outcome) => outcome.complete)).toEqual([]);
    // Output so far: some of the 60 words each stream would have had.
    expect(
      rows.filter((row) => (row?.completion_tokens ?? 0) > 0 && row!.completion_tokens < 60),
    ).toHaveLength(20);
    expect(charged).toHaveLength(20);
    expect(exitCode).toBe(0);
  });

  it('PostgreSQL outage, then SIGKILL: at most one flush interval lost, and the ledger equals the usage cost', async () => {
    const { teamId, token } = await cluster.team({ budgetUsd: 100 });
    const replica = cluster.replicas[0]!;
    let killedAt = Infinity;
    const traffic = atRate(50, 7000, () => chat(replica.url, token, { stream: Math.random() < 0.5 }));
    await after(1500);
    await cluster.postgres.kill();
    await after(5000);
    killedAt = Date.now();
    replica.signal('SIGKILL');
    const outcomes = await traffic;
    await replica.process.exited;
    await cluster.postgres.start();
    await cluster.restart(replica);
    // Rows of requests answered within the last flush interval (and the write's own time) may go with the process.
    const lastInterval = (outcome: Outcome) => outcome.endedAt > killedAt - FLUSH_INTERVAL_MS - 500;
    const ledger = await expectLedgerMatches(cluster.postgres, teamId, outcomes, 30_000, lastInterval);
    report('PostgreSQL outage, then SIGKILL', {
      statuses: statusCounts(outcomes),
      servedInLastInterval: outcomes.filter((outcome) => outcome.status === 200 && lastInterval(outcome))
        .length,
      ...ledger,
      rowsById: undefined,
    });
    expect(ledger.served).toBeGreaterThan(200);
  });

  it('SIGTERM while PostgreSQL hangs: the listener closes; nothing served is unrecorded', async () => {
    const { teamId, token } = await cluster.team({ budgetUsd: 100 });
    const replica = cluster.replicas[0]!;
    let signalledAt = Infinity;
    const traffic = atRate(50, 6000, () => chat(replica.url, token, { stream: Math.random() < 0.5 }));
    await after(1500);
    cluster.postgres.hang();
    await after(1500);
    signalledAt = Date.now();
    replica.signal('SIGTERM');
    const outcomes = await traffic;
    const exitCode = await replica.process.exited;
    cluster.postgres.resume();
    await cluster.restart(replica);
    // A request sent after the signal has had its moment to be read: the listener must be closed by then.
    const servedAfterSignal = outcomes.filter(
      (outcome) => outcome.startedAt > signalledAt + 100 && outcome.status === 200,
    ).length;
    const ledger = await expectLedgerMatches(cluster.postgres, teamId, outcomes, 30_000);
    report('SIGTERM while PostgreSQL hangs', {
      statuses: statusCounts(outcomes),
      servedAfterSignal,
      exitCode,
      ...ledger,
      rowsById: undefined,
    });
    expect(servedAfterSignal).toBe(0);
    expect(exitCode).toBe(0);
  });
});
