import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import pg from 'pg';
import { runRotateMasterKey } from '../../src/cli/rotate-master-key.command.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { rotateSealedSecrets } from '../../src/modules/provider-keys/master-key-rotation.js';
import { masterKeyVersion, ProviderKeyCipher } from '../../src/modules/provider-keys/provider-key-cipher.js';
import { ProviderKeysRepository } from '../../src/modules/provider-keys/provider-keys.repository.js';
import { ProviderKeysService } from '../../src/modules/provider-keys/provider-keys.service.js';
import { signedInAs } from '../support/admin-session.js';
import { testTemplate } from '../support/test-app.js';
import { newMasterKey, startKeysTestApp } from './keys-test-app.js';

const versionOf = (base64: string) => masterKeyVersion(Buffer.from(base64, 'base64'));
const cliDist = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../dist/cli/rotate-master-key.js',
);

/** Stores `secrets` for openai under `masterKey` through the API, deletes the last one, and stops the app. */
async function seedKeys(database: TestDatabase, masterKey: string, secrets: string[]): Promise<void> {
  const api = await startKeysTestApp({ database, env: { SWITCHYARD_MASTER_KEY: masterKey } });
  const admin = (await signedInAs(api, 'admin')).authorization;
  let lastId = '';
  for (const secret of secrets) {
    const created = await api.http
      .post('/admin/provider-keys')
      .set('authorization', admin)
      .send({ provider: 'openai', secret, validate: false })
      .expect(201);
    lastId = created.body.id as string;
  }
  await api.http.delete(`/admin/provider-keys/${lastId}`).set('authorization', admin).expect(204);
  await api.stop();
}

async function keyVersions(database: TestDatabase): Promise<number[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query('SELECT key_version FROM provider_keys ORDER BY id')).rows.map(
      (r) => r.key_version,
    );
  } finally {
    await client.end();
  }
}

async function rotationEvents(database: TestDatabase) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (
      await client.query(
        `SELECT actor_label, target_id, after FROM audit_events WHERE action = 'master_key.rotate' ORDER BY seq`,
      )
    ).rows;
  } finally {
    await client.end();
  }
}

// Each case runs the rotation command as its own process; a loaded machine needs more than the default.
jest.setTimeout(120_000);

describe('master key rotation', () => {
  const databases: TestDatabase[] = [];
  const freshDatabase = async () => {
    const database = await createTestDatabase(testTemplate());
    databases.push(database);
    return database;
  };

  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  describe('from key A to key B', () => {
    const [keyA, keyB] = [newMasterKey(), newMasterKey()];
    const secrets = ['sk-rotate-000000000001', 'sk-rotate-000000000002', 'sk-rotate-000000000003'];
    let database: TestDatabase;
    const output: string[] = [];

    beforeAll(async () => {
      database = await freshDatabase();
      await seedKeys(database, keyA, secrets);
    });

    const rotate = () =>
      runRotateMasterKey(
        {
          NODE_ENV: 'test',
          DATABASE_URL: database.url,
          SWITCHYARD_MASTER_KEY: keyB,
          SWITCHYARD_PREVIOUS_MASTER_KEYS: keyA,
        },
        (line) => void output.push(line),
      );

    it('re-encrypts every row, deleted ones included, and reports the counts', async () => {
      expect(await keyVersions(database)).toEqual([versionOf(keyA), versionOf(keyA), versionOf(keyA)]);
      expect(await rotate()).toBe(0);
      expect(output.at(-1)).toBe(
        `master key version ${versionOf(keyB)}: re-encrypted 3, already current 0, unreadable 0`,
      );
      expect(await keyVersions(database)).toEqual([versionOf(keyB), versionOf(keyB), versionOf(keyB)]);
    });

    it('writes one audit event for the rotation, naming the new key version and the counts', async () => {
      expect(await rotationEvents(database)).toEqual([
        {
          actor_label: 'rotate-master-key',
          target_id: String(versionOf(keyB)),
          after: { keyVersion: versionOf(keyB), reencrypted: 3, alreadyCurrent: 0, unreadable: 0 },
        },
      ]);
    });

    it('is idempotent', async () => {
      expect(await rotate()).toBe(0);
      expect(output.at(-1)).toBe(
        `master key version ${versionOf(keyB)}: re-encrypted 0, already current 3, unreadable 0`,
      );
      // Nothing changed, so nothing more is audited.
      expect(await rotationEvents(database)).toHaveLength(1);
    });

    it('leaves every key readable by an app holding only key B, duplicates still detected', async () => {
      const api = await startKeysTestApp({ database, env: { SWITCHYARD_MASTER_KEY: keyB } });
      try {
        const keys = await api.app.get(ProviderKeysService, { strict: false }).loadActiveKeysWithSecrets();
        expect(keys.map((k) => k.secret).sort()).toEqual(secrets.slice(0, 2));
        const admin = (await signedInAs(api, 'admin')).authorization;
        const duplicate = await api.http
          .post('/admin/provider-keys')
          .set('authorization', admin)
          .send({ provider: 'openai', secret: secrets[0], validate: false })
          .expect(409);
        expect(duplicate.body.error.code).toBe('duplicate_key');
        await api.http
          .post('/admin/provider-keys')
          .set('authorization', admin)
          .send({ provider: 'openai', secret: secrets[2], validate: false })
          .expect(201);
      } finally {
        await api.stop();
      }
    });

    it('while an app holding only key A can no longer read them', async () => {
      const api = await startKeysTestApp({ database, env: { SWITCHYARD_MASTER_KEY: keyA } });
      try {
        expect(await api.app.get(ProviderKeysService, { strict: false }).loadActiveKeysWithSecrets()).toEqual(
          [],
        );
      } finally {
        await api.stop();
      }
    });
  });

  it('before rotating, an app with B and A as previous reads A rows and seals new ones under B', async () => {
    const [keyA, keyB] = [newMasterKey(), newMasterKey()];
    const database = await freshDatabase();
    await seedKeys(database, keyA, ['sk-mixed-0000000000001', 'sk-mixed-0000000000002']);
    const api = await startKeysTestApp({
      database,
      env: { SWITCHYARD_MASTER_KEY: keyB, SWITCHYARD_PREVIOUS_MASTER_KEYS: keyA },
    });
    try {
      const admin = (await signedInAs(api, 'admin')).authorization;
      const again = await api.http
        .post('/admin/provider-keys')
        .set('authorization', admin)
        .send({ provider: 'openai', secret: 'sk-mixed-0000000000001', validate: false })
        .expect(409);
      expect(again.body.error.code).toBe('duplicate_key');
      await api.http
        .post('/admin/provider-keys')
        .set('authorization', admin)
        .send({ provider: 'openai', secret: 'sk-mixed-0000000000003', validate: false })
        .expect(201);
      const keys = await api.app.get(ProviderKeysService, { strict: false }).loadActiveKeysWithSecrets();
      expect(keys.map((k) => k.secret).sort()).toEqual(['sk-mixed-0000000000001', 'sk-mixed-0000000000003']);
      expect((await keyVersions(database)).sort()).toEqual(
        [versionOf(keyA), versionOf(keyA), versionOf(keyB)].sort(),
      );
    } finally {
      await api.stop();
    }
  });

  it('reports rows whose master key is missing, leaves them untouched and exits non-zero', async () => {
    const [keyA, keyB] = [newMasterKey(), newMasterKey()];
    const database = await freshDatabase();
    await seedKeys(database, keyA, ['sk-lost-00000000000001', 'sk-lost-00000000000002']);
    const output: string[] = [];
    const code = await runRotateMasterKey(
      { NODE_ENV: 'test', DATABASE_URL: database.url, SWITCHYARD_MASTER_KEY: keyB },
      (line) => void output.push(line),
    );
    expect(code).toBe(1);
    expect(output[0]).toBe(
      `master key version ${versionOf(keyB)}: re-encrypted 0, already current 0, unreadable 2`,
    );
    expect(output[1]).toMatch(/^rotate-master-key: 2 keys are sealed under a master key that is not in/);
    expect(await keyVersions(database)).toEqual([versionOf(keyA), versionOf(keyA)]);
  });

  it('works in batches, each in its own transaction', async () => {
    const [keyA, keyB] = [newMasterKey(), newMasterKey()];
    const database = await freshDatabase();
    await seedKeys(
      database,
      keyA,
      Array.from({ length: 5 }, (_, i) => `sk-batch-00000000000${i}`),
    );
    const prisma = new PrismaService(database.url, 5000);
    try {
      const progress: number[] = [];
      const report = await rotateSealedSecrets(
        new ProviderKeysRepository(prisma),
        ProviderKeyCipher.fromBase64(keyB, [keyA]),
        { batchSize: 2, onBatch: (done) => void progress.push(done) },
      );
      expect(report).toEqual({
        currentVersion: versionOf(keyB),
        reencrypted: 5,
        alreadyCurrent: 0,
        unreadable: [],
      });
      expect(progress).toEqual([2, 4, 5]);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('refuses to run without a new master key, or with a malformed previous one', async () => {
    const output: string[] = [];
    const print = (line: string) => void output.push(line);
    expect(
      await runRotateMasterKey({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://x@127.0.0.1/none' }, print),
    ).toBe(1);
    expect(output).toEqual(['rotate-master-key: SWITCHYARD_MASTER_KEY must be set to the new master key']);
    output.length = 0;
    expect(
      await runRotateMasterKey(
        { NODE_ENV: 'test', SWITCHYARD_MASTER_KEY: newMasterKey(), SWITCHYARD_PREVIOUS_MASTER_KEYS: 'nope' },
        print,
      ),
    ).toBe(1);
    expect(output).toEqual([
      'rotate-master-key: SWITCHYARD_PREVIOUS_MASTER_KEYS must be a comma-separated list of 32-byte base64 keys',
    ]);
  });

  it('runs as the built command', async () => {
    expect(existsSync(cliDist)).toBe(true);
    const [keyA, keyB] = [newMasterKey(), newMasterKey()];
    const database = await freshDatabase();
    await seedKeys(database, keyA, ['sk-cli-000000000000001', 'sk-cli-000000000000002']);
    const run = spawnSync(process.execPath, [cliDist], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        SWITCHYARD_MASTER_KEY: keyB,
        SWITCHYARD_PREVIOUS_MASTER_KEYS: `${newMasterKey()}, ${keyA}`,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `master key version ${versionOf(keyB)}: re-encrypted 2, already current 0, unreadable 0`,
    );
    expect(await keyVersions(database)).toEqual([versionOf(keyB), versionOf(keyB)]);
  });
});
