import { randomBytes, randomUUID } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { databaseUrl, testServerUrl } from '@switchyard/testing';
import supertest from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { migrateDatabase } from '../../src/database/migrate.js';
import { AuditCheckpoints, CHECKPOINT_FILE } from '../../src/modules/audit/audit-checkpoints.js';
import { type AuditContent, GENESIS_HASH, legacyChainHash } from '../../src/modules/audit/audit-hash.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Row {
  seq: string;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
}

const contentOf = (row: Row): AuditContent => ({
  at: row.at,
  actorType: row.actor_type,
  actorId: row.actor_id,
  actorLabel: row.actor_label,
  action: row.action,
  targetType: row.target_type,
  targetId: row.target_id,
  before: row.before,
  after: row.after,
  ip: row.ip,
  userAgent: row.user_agent,
  requestId: row.request_id,
});

/** What someone with the database but not the audit key can do: rewrite rows and rehash the whole chain. */
async function rewriteAndRehash(url: string, edit: (rows: Row[]) => Row[], keyed: boolean): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    const { rows } = await db.query<Row>('SELECT * FROM audit_events ORDER BY seq');
    const kept = edit(rows);
    await db.query('DELETE FROM audit_events');
    let prev = GENESIS_HASH;
    for (const row of kept) {
      const hash = legacyChainHash(prev, contentOf(row));
      await db.query(
        `INSERT INTO audit_events (seq, at, actor_type, actor_id, actor_label, action, target_type, target_id,
           before, after, ip, user_agent, request_id, prev_hash, hash, keyed)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
        [
          row.seq,
          row.at,
          row.actor_type,
          row.actor_id,
          row.actor_label,
          row.action,
          row.target_type,
          row.target_id,
          JSON.stringify(row.before),
          JSON.stringify(row.after),
          row.ip,
          row.user_agent,
          row.request_id,
          prev,
          hash,
          keyed,
        ],
      );
      prev = hash;
    }
  } finally {
    await db.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    await db.end();
  }
}

describe('audit tamper evidence', () => {
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof signedInAs>>;

  const verify = async () =>
    (await api.http.get('/admin/audit/verify').set('authorization', owner.authorization).expect(200))
      .body as {
      ok: boolean;
      brokenAt?: string;
      reason?: string;
      checkpoint: { seq: string; matches: boolean } | null;
    };

  beforeAll(async () => {
    api = await startTestApp();
    owner = await signedInAs(api, 'owner');
    for (let i = 0; i < 5; i += 1)
      await api.http
        .post('/admin/teams')
        .set('authorization', owner.authorization)
        .send({ name: `t-${i}` })
        .expect(201);
  });

  afterAll(async () => {
    await api.close();
  });

  it('writes signed checkpoints to the data directory and checks the chain against the newest', async () => {
    const checkpoint = await api.app.get(AuditCheckpoints, { strict: false }).write();
    const file = path.join(api.config.dataDir, CHECKPOINT_FILE);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual({
      ...checkpoint,
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const verified = await verify();
    expect(verified).toMatchObject({ ok: true, checkpoint: { seq: checkpoint!.seq, matches: true } });

    // A forged line (wrong signature) is not a checkpoint.
    await appendFile(file, `${JSON.stringify({ ...checkpoint, seq: '1', mac: '0'.repeat(64) })}\n`);
    expect((await verify()).checkpoint).toMatchObject({ seq: checkpoint!.seq });
  });

  it('catches a row rewritten and the chain rehashed without the audit key', async () => {
    await rewriteAndRehash(
      api.database.url,
      (rows) =>
        rows.map((row) => (row.action === 'team.create' ? { ...row, actor_label: 'someone-else' } : row)),
      true,
    );
    const verified = await verify();
    expect(verified.ok).toBe(false);
    expect(verified.reason).toBe('hash does not match');
  });

  it('catches the same rewrite passed off as rows written before the chain was keyed', async () => {
    await rewriteAndRehash(api.database.url, (rows) => rows, false);
    const verified = await verify();
    expect(verified).toMatchObject({ ok: false, checkpoint: { matches: false } });
    expect(verified.reason).toMatch(/newest checkpoint/);
  });

  it('catches the newest rows deleted', async () => {
    const fresh = await startTestApp();
    try {
      const boss = await signedInAs(fresh, 'owner');
      for (let i = 0; i < 3; i += 1)
        await fresh.http
          .post('/admin/teams')
          .set('authorization', boss.authorization)
          .send({ name: `n-${i}` })
          .expect(201);
      await fresh.app.get(AuditCheckpoints, { strict: false }).write();
      const db = new pg.Client({ connectionString: fresh.database.url });
      await db.connect();
      await db.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
      await db.query('DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 2 FROM audit_events)');
      await db.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
      await db.end();
      // Verifying is itself audited; read the answer through a fresh owner key-less session.
      const verified = (
        await fresh.http.get('/admin/audit/verify').set('authorization', boss.authorization).expect(200)
      ).body;
      expect(verified).toMatchObject({ ok: false, checkpoint: { matches: false } });
    } finally {
      await fresh.close();
    }
  });
});

describe('the application database role', () => {
  const admin = new pg.Client({ connectionString: databaseUrl(testServerUrl(), 'postgres') });
  const role = `audit_app_${randomBytes(4).toString('hex')}`;
  const password = randomUUID();
  const database = `audit_role_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEROLE PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${role}`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('may only insert into and read the audit log, even as the role that ran the migrations', async () => {
    const url = new URL(databaseUrl(testServerUrl(), database));
    url.username = role;
    url.password = password;
    await migrateDatabase(url.href);
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
      SWITCHYARD_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'switchyard-role-')),
    });
    const app = await createApp({ config, databaseUrl: url.href, logger: createLogger(config) });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    try {
      const http = supertest(app.getHttpAdapter().getInstance().server);
      const user = await signedInAs({ app, http } as unknown as TestApp, 'owner');
      await http
        .post('/admin/teams')
        .set('authorization', user.authorization)
        .send({ name: 'audited' })
        .expect(201);
      const verified = await http
        .get('/admin/audit/verify')
        .set('authorization', user.authorization)
        .expect(200);
      expect(verified.body.ok).toBe(true);
    } finally {
      await app.close();
    }
    const db = new pg.Client({ connectionString: url.href });
    await db.connect();
    try {
      expect((await db.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n).toBeGreaterThan(0);
      for (const statement of [
        "UPDATE audit_events SET action = 'x'",
        'DELETE FROM audit_events',
        'TRUNCATE audit_events',
      ])
        await expect(db.query(statement)).rejects.toThrow(/permission denied/);
    } finally {
      await db.end();
    }
  });
});
