import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { testServerUrl } from '@switchyard/testing';
import { createApp } from '../../src/app.factory.js';
import { stopGracefully } from '../../src/bootstrap/graceful-stop.js';
import { CreditGate } from '../../src/modules/credits/credit-gate.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';
import { serverOf, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { queryRows } from '../support/query-rows.js';

interface Books {
  spent: bigint;
  reserved: bigint;
  leases: number;
  ledger: bigint;
  usageCost: bigint;
  usageRows: number;
}

async function books(gw: Gateway): Promise<Books> {
  const url = gw.api.database.url;
  const [period] = await queryRows<{ spent: string; reserved: string; leases: number }>(
    url,
    `SELECT spent_micros::text AS spent, reserved_micros::text AS reserved,
            (SELECT count(*)::int FROM credit_leases) AS leases
     FROM credit_periods WHERE team_id = $1`,
    [gw.teamId],
  );
  const [ledger] = await queryRows<{ sum: string }>(
    url,
    `SELECT coalesce(sum(amount_micros), 0)::text AS sum FROM credit_ledger WHERE kind = 'settlement'`,
  );
  const [usage] = await queryRows<{ cost: string; n: number }>(
    url,
    'SELECT coalesce(sum(cost_micros), 0)::text AS cost, count(*)::int AS n FROM usage_events WHERE team_id = $1',
    [gw.teamId],
  );
  return {
    spent: BigInt(period!.spent),
    reserved: BigInt(period!.reserved),
    leases: period!.leases,
    ledger: BigInt(ledger!.sum),
    usageCost: BigInt(usage!.cost),
    usageRows: usage!.n,
  };
}

describe('settled credit and the write-ahead file', () => {
  let db: TcpProxy;
  let gw: Gateway;

  afterAll(async () => {
    await gw.api.database.drop();
    await gw.mock.close();
    await db.close();
  });

  it('keeps credit settled and given back while the database is down, and applies it once at the next start', async () => {
    const { host, port } = serverOf(testServerUrl());
    db = await startTcpProxy(host, port);
    gw = await startGateway(
      { SWITCHYARD_DB_TIMEOUT_MS: '1000', SWITCHYARD_SHUTDOWN_GRACE_MS: '2000' },
      { connectThrough: (url) => db.urlFor(url) },
    );
    await gw.api.http
      .put(`/admin/teams/${gw.teamId}/budget`)
      .set('authorization', gw.admin)
      .send({ limitUsd: 10, period: 'monthly' })
      .expect(200);
    await gw.addKey('openai', 'sk-books');
    const chat = async () => {
      const response = await fetch(`${gw.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(200);
      await response.text();
    };
    for (let i = 0; i < 5; i += 1) await chat();
    const gate = gw.api.app.get(CreditGate, { strict: false });
    await gate.flush();

    db.cut();
    // Served from the credit this replica leased before the outage.
    for (let i = 0; i < 5; i += 1) await chat();
    await gate.flush();
    await stopGracefully(gw.api.app, 2_000, gw.api.logger);
    const spilled = (await readdir(gw.api.config.spillDir)).filter((file) => file.endsWith('.wal'));
    expect(spilled.filter((file) => file.startsWith('credit-')).length).toBeGreaterThan(0);
    const copies = path.join(gw.api.config.spillDir, 'copies');
    await mkdir(copies);
    for (const file of spilled)
      await copyFile(path.join(gw.api.config.spillDir, file), path.join(copies, file));

    db.restore();
    const restart = async () => {
      const app = await createApp({
        config: gw.api.config,
        databaseUrl: gw.api.database.url,
        logger: gw.api.logger,
      });
      await app.init();
      await app.close();
    };
    await restart();
    const after = await books(gw);
    expect(after.usageRows).toBe(10);
    expect(after.spent).toBe(after.usageCost);
    expect(after.ledger).toBe(after.usageCost);
    // The lease of the stopped replica was given back in full, not left for the stale-lease reclaim.
    expect(after.reserved).toBe(0n);
    expect(after.leases).toBe(0);

    // The same files once more, as after a crash between applying them and deleting them: nothing changes.
    for (const file of spilled)
      await copyFile(path.join(copies, file), path.join(gw.api.config.spillDir, file));
    await restart();
    expect(await books(gw)).toEqual(after);
  });
});
