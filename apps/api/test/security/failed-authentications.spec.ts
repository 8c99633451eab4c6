import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { FailedAuthentications } from '../../src/modules/auth/failed-authentications.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface AuditItem {
  action: string;
  ip: string | null;
  target: { type: string; id: string | null };
  after: { failures: number; withoutCredential: number; prefixes: string[]; from: string; to: string };
}

/** The failures a test sends must fall in one minute: this close to a minute's end, it waits for the next one. */
async function startOfAMinuteIfItEndsSoon(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const secret = (kind: string, i: number) => `${kind}-${String(i).padStart(8, '0')}${'S3cr3tT41l'.repeat(4)}`;

describe('failed authentications on record', () => {
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof signedInAs>>;
  let failures: FailedAuthentications;

  beforeAll(async () => {
    api = await startTestApp();
    owner = await signedInAs(api, 'owner');
    failures = api.app.get(FailedAuthentications, { strict: false });
  });

  afterAll(async () => {
    await api.close();
  });

  const events = async (action: string) =>
    (
      await api.http
        .get('/admin/audit')
        .query({ action, limit: 200 })
        .set('authorization', owner.authorization)
        .expect(200)
    ).body.items as AuditItem[];

  it('writes one event per source address and minute, holding only the prefixes presented', async () => {
    await startOfAMinuteIfItEndsSoon();
    const sent: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const key = secret('sya', i);
      sent.push(key);
      await api.http
        .get('/admin/auth/me')
        .set('authorization', `Bearer ${key}`)
        .set('x-forwarded-for', '203.0.113.7')
        .expect(401);
    }
    for (let i = 0; i < 4; i += 1) {
      const key = secret('sya', 100 + i);
      sent.push(key);
      await api.http
        .get('/admin/auth/me')
        .set('authorization', `Bearer ${key}`)
        .set('x-forwarded-for', '203.0.113.8')
        .expect(401);
    }
    for (let i = 0; i < 12; i += 1) {
      const token = secret('sy', i);
      sent.push(token);
      await api.http
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${token}`)
        .set('x-forwarded-for', '203.0.113.7')
        .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
        .expect(401);
    }
    await api.http
      .post('/v1/chat/completions')
      .set('x-forwarded-for', '203.0.113.7')
      .send({ model: 'openai/gpt-4o-mini', messages: [] })
      .expect(401);
    // Nothing is written while the minute lasts.
    expect(await events('auth.api_key.failed')).toEqual([]);
    await failures.flush(Date.now() + 60_000);

    const keyEvents = await events('auth.api_key.failed');
    expect(keyEvents).toHaveLength(2);
    const fromSeven = keyEvents.find((event) => event.ip === '203.0.113.7')!;
    expect(fromSeven).toMatchObject({
      target: { type: 'address', id: '203.0.113.7' },
      after: { failures: 30 },
    });
    expect(fromSeven.after.prefixes).toHaveLength(10);
    for (const prefix of fromSeven.after.prefixes) expect(prefix).toMatch(/^sya-\d{8}$/);
    expect(keyEvents.find((event) => event.ip === '203.0.113.8')!.after.failures).toBe(4);

    const tokenEvents = await events('auth.token.failed');
    expect(tokenEvents).toHaveLength(1);
    expect(tokenEvents[0]!.after).toMatchObject({ failures: 13, withoutCredential: 1 });
    for (const prefix of tokenEvents[0]!.after.prefixes) expect(prefix).toMatch(/^sy-\d{8}$/);

    const everything = JSON.stringify(await events('auth.*'));
    for (const presented of sent) expect(everything).not.toContain(presented);
    expect(everything).not.toContain('S3cr3tT41l');
  }, 60_000);

  it('keeps minutes apart, and a flood from many addresses costs a bounded number of rows', async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000 + 120_000;
    failures.record('auth.token.failed', '198.51.100.1', 'sy-aaaaaaaa', minute + 1_000);
    failures.record('auth.token.failed', '198.51.100.1', 'sy-bbbbbbbb', minute + 59_000);
    failures.record('auth.token.failed', '198.51.100.1', 'sy-cccccccc', minute + 61_000);
    for (let i = 0; i < 1500; i += 1)
      failures.record('auth.token.failed', `10.9.${i >> 8}.${i & 255}`, 'sy-x', minute + 2_000);
    await failures.flush(minute + 60_000);
    const rowsOf = async (from: number) => {
      const db = new pg.Client({ connectionString: api.database.url });
      await db.connect();
      const { rows } = await db.query<{ ip: string; failures: number }>(
        `SELECT ip, (after->>'failures')::int AS failures FROM audit_events
         WHERE action = 'auth.token.failed' AND after->>'from' = $1`,
        [new Date(from).toISOString()],
      );
      await db.end();
      return rows;
    };
    const firstMinute = await rowsOf(minute);
    // 1000 addresses kept apart (198.51.100.1 among them), everything past that in one more row.
    expect(firstMinute).toHaveLength(1001);
    expect(firstMinute.find((e) => e.ip === '198.51.100.1')!.failures).toBe(2);
    expect(firstMinute.find((e) => e.ip === 'other-addresses')!.failures).toBe(501);
    await failures.flush(minute + 120_000);
    expect(await rowsOf(minute + 60_000)).toEqual([{ ip: '198.51.100.1', failures: 1 }]);
  }, 120_000);
});
