import { appendFile, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { testServerUrl } from '@switchyard/testing';
import { createApp } from '../../src/app.factory.js';
import { type UsageEventInput } from '../../src/modules/usage/usage-event.js';
import { UsageRecorder } from '../../src/modules/usage/usage-recorder.js';
import { usageEventCodec } from '../../src/modules/usage/usage-write-ahead.js';
import { UsageRepository } from '../../src/modules/usage/usage.repository.js';
import { bigintReplacer, WriteAheadLog } from '../../src/write-ahead/write-ahead-log.js';
import { eventually } from '../support/eventually.js';
import { startGateway } from '../support/gateway-fixture.js';
import { serverOf, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp } from '../support/test-app.js';
import { sampleUsageEvent as event } from '../support/usage-event.js';
import { queryRows } from '../support/query-rows.js';

const requestIds = async (url: string) =>
  (
    await queryRows<{ request_id: string }>(url, 'SELECT request_id FROM usage_events ORDER BY request_id')
  ).map((row) => row.request_id);

const METRICS_TOKEN = 'metrics-token-for-the-spill-spec';

const segments = async (dir: string) => (await readdir(dir)).filter((file) => file.endsWith('.wal'));

describe('the usage write-ahead file', () => {
  const proxies: TcpProxy[] = [];
  const database = serverOf(testServerUrl());
  const proxy = async () => {
    const started = await startTcpProxy(database.host, database.port);
    proxies.push(started);
    return started;
  };

  afterAll(async () => {
    for (const started of proxies) await started.close();
  });

  it('takes the events of a failed flush, and is replayed once the database answers again', async () => {
    const db = await proxy();
    const api = await startTestApp(
      {
        SWITCHYARD_USAGE_FLUSH_INTERVAL_MS: '60000',
        SWITCHYARD_DB_TIMEOUT_MS: '1000',
        SWITCHYARD_METRICS_TOKEN: METRICS_TOKEN,
      },
      { connectThrough: (url) => db.urlFor(url) },
    );
    try {
      const recorder = api.app.get(UsageRecorder, { strict: false });
      db.cut();
      for (const id of ['outage-1', 'outage-2', 'outage-3']) recorder.record(event({ requestId: id }));
      await recorder.flush();
      expect(recorder.pending).toBe(0);
      expect(recorder.spilledBytes).toBeGreaterThan(0);
      expect(await segments(api.config.spillDir)).toHaveLength(1);
      expect(await requestIds(api.database.url)).toEqual([]);
      const metrics = await api.http
        .get('/metrics')
        .set('authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(200);
      expect(metrics.text).toContain(`switchyard_usage_spilled_bytes ${recorder.spilledBytes}`);

      db.restore();
      await recorder.flush();
      expect(await requestIds(api.database.url)).toEqual(['outage-1', 'outage-2', 'outage-3']);
      expect(recorder.spilledBytes).toBe(0);
      expect(await segments(api.config.spillDir)).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('takes what waits behind a write the database never answers, within the flush interval', async () => {
    const db = await proxy();
    const api = await startTestApp(
      { SWITCHYARD_USAGE_FLUSH_INTERVAL_MS: '200', SWITCHYARD_DB_TIMEOUT_MS: '30000' },
      { connectThrough: (url) => db.urlFor(url) },
    );
    try {
      const recorder = api.app.get(UsageRecorder, { strict: false });
      db.hang();
      recorder.record(event({ requestId: 'stuck-1' }));
      // The next timer flush starts a write that hangs; the one after finds it stuck and spills its batch.
      await eventually(async () => expect(recorder.spilledBytes).toBeGreaterThan(0), 1_000);
      recorder.record(event({ requestId: 'stuck-2' }));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(recorder.pending).toBe(0);

      db.restore();
      await eventually(async () => {
        expect(await requestIds(api.database.url)).toEqual(['stuck-1', 'stuck-2']);
        expect(recorder.spilledBytes).toBe(0);
      }, 10_000);
    } finally {
      await api.close();
    }
  });

  it('is read whole after a crash in the middle of a replay, old spill files included, each event once', async () => {
    const first = await startTestApp({ SWITCHYARD_USAGE_FLUSH_INTERVAL_MS: '60000' });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-wal-'));
    const spillDir = path.join(dataDir, 'spill');
    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const events = (prefix: string, n: number): UsageEventInput[] =>
      ids(prefix, n).map((requestId) => event({ requestId }));
    try {
      // What a crashed process left: two segments, the second ending in a line its crash tore.
      const wal = new WriteAheadLog(spillDir, 'usage', usageEventCodec);
      await wal.open();
      const replayedBeforeCrash = events('segment-1', 5);
      await wal.append(replayedBeforeCrash);
      await wal.close();
      await wal.append(events('segment-2', 3));
      await wal.close();
      const [, second] = await segments(spillDir);
      await appendFile(path.join(spillDir, second!), '{"v":1,"d":{"requestId":"torn');
      // It crashed while replaying the first segment, after its first three events were committed.
      await first.app.get(UsageRepository, { strict: false }).insertBatch(replayedBeforeCrash.slice(0, 3));
      // And a spill file of an earlier release, caught between its rename and its replay.
      await writeFile(
        path.join(dataDir, 'usage-spill.ndjson.replaying'),
        events('legacy', 2)
          .map((e) => JSON.stringify(e, bigintReplacer))
          .join('\n') + '\n',
      );

      const restarted = await createApp({
        config: { ...first.config, dataDir, spillDir },
        databaseUrl: first.database.url,
        logger: first.logger,
      });
      await restarted.init();
      try {
        expect(await requestIds(first.database.url)).toEqual([
          ...ids('legacy', 2),
          ...ids('segment-1', 5),
          ...ids('segment-2', 3),
        ]);
        const [rollup] = await queryRows<{ requests: string }>(
          first.database.url,
          `SELECT sum(requests)::text AS requests FROM usage_rollups WHERE view = 'model' AND granularity = 'hour'`,
        );
        expect(rollup?.requests).toBe('10');
        expect(await readdir(dataDir)).not.toContain('usage-spill.ndjson.replaying');
        expect(await segments(spillDir)).toEqual([]);
      } finally {
        await restarted.close();
      }
    } finally {
      await first.close();
    }
  });

  it('refuses /v1 with 503, Retry-After and the reason once usage can be neither written nor spilled', async () => {
    const db = await proxy();
    const gw = await startGateway(
      {
        SWITCHYARD_USAGE_FLUSH_INTERVAL_MS: '60000',
        SWITCHYARD_DB_TIMEOUT_MS: '1000',
        SWITCHYARD_USAGE_QUEUE_MAX: '1',
        SWITCHYARD_SPILL_MAX_MB: '0',
      },
      { connectThrough: (url) => db.urlFor(url) },
    );
    try {
      await gw.addKey('openai', 'sk-capacity');
      const chat = () =>
        fetch(`${gw.baseUrl}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
        });
      // The token's first use reads it from the database; later ones are answered from memory.
      const warmUp = await chat();
      expect(warmUp.status).toBe(200);
      await gw.flushUsage();
      db.cut();
      const served = await chat();
      expect(served.status).toBe(200);
      await gw.flushUsage();

      const refused = await chat();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await refused.json()).toEqual({
        error: {
          type: 'service_unavailable',
          code: 'usage_unrecordable',
          message: 'usage cannot be recorded: the database does not answer and the write-ahead file is full',
          param: null,
        },
      });

      db.restore();
      await gw.flushUsage();
      expect((await chat()).status).toBe(200);
      await gw.flushUsage();
      const recorded = await requestIds(gw.api.database.url);
      expect(recorded).toHaveLength(3);
      expect(recorded).toContain(served.headers.get('x-request-id'));
    } finally {
      await gw.close();
    }
  });
});
