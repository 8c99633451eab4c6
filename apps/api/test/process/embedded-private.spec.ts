import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { type ApiProcess, freePort, spawnApi, waitForReady } from '../support/processes.js';
import {
  connectionFailure,
  connectionUrl,
  embeddedPort,
  removeRelocatedCluster,
  storedCredentials,
  withClient,
} from './embedded-cluster.js';

jest.setTimeout(240_000);

const isRoot = process.getuid?.() === 0;

/** Runs the API until ready, then stops it with SIGTERM; its output and exit code come back. */
async function runUntilReady(env: Record<string, string>, check: (api: ApiProcess) => Promise<void>) {
  const api = spawnApi(env);
  try {
    await waitForReady(Number(env.PORT), 180_000);
    await check(api);
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\nAPI output:\n${api.output()}`,
      {
        cause: error,
      },
    );
  } finally {
    if (api.child.exitCode === null) api.child.kill('SIGTERM');
  }
  expect(await api.exited).toBe(0);
  return api;
}

describe('the embedded PostgreSQL', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  (isRoot ? it : it.skip)(
    'runs as root from a checkout private to root, open to no other local user, and leaves nothing in the temp directory',
    async () => {
      // mkdtemp makes the directory 0700: the postgres account cannot enter it, as with a clone in /root.
      const checkout = await mkdtemp(path.join(os.tmpdir(), 'switchyard-private-'));
      const dataDir = path.join(checkout, '.data');
      const tmp = path.join(checkout, 'tmp');
      await mkdir(tmp, { mode: 0o700 });
      cleanups.push(() => rm(checkout, { recursive: true, force: true }));
      cleanups.push(() => removeRelocatedCluster(dataDir));
      expect((await stat(checkout)).mode & 0o777).toBe(0o700);

      const env = { PORT: String(await freePort()), SWITCHYARD_DATA_DIR: dataDir, TMPDIR: tmp };
      const api = await runUntilReady(env, async (running) => {
        const credentials = await storedCredentials(dataDir);
        const file = await stat(path.join(dataDir, 'postgres-credentials.json'));
        expect(file.mode & 0o777).toBe(0o600);
        expect(credentials.clusterDir).toMatch(/^\/var\/lib\/switchyard\/clusters\//);
        const cluster = await stat(credentials.clusterDir!);
        expect(cluster.mode & 0o777).toBe(0o700);
        expect(cluster.uid).not.toBe(0);
        expect(running.output()).toContain('cannot enter: the embedded PostgreSQL keeps its files in');

        const port = embeddedPort(running.output());
        // The old fixed password, no password and a wrong one are all refused.
        const superuser = credentials.superuser;
        expect(
          await connectionFailure(connectionUrl(port, { ...superuser, password: 'switchyard-embedded' })),
        ).toMatch(/password authentication failed/);
        expect(
          await connectionFailure(`postgresql://${superuser.name}@127.0.0.1:${port}/postgres`),
        ).not.toBeNull();
        // The API's own role is not a superuser, and owns what the migrations made.
        const owned = await withClient(connectionUrl(port, credentials.app), async (client) => {
          const role = await client.query(
            'SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user',
          );
          const foreign = await client.query(
            `SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace
               AND relkind = 'r' AND relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)`,
          );
          return { role: role.rows[0], foreignTables: foreign.rows[0].n };
        });
        expect(owned).toEqual({ role: { rolsuper: false, rolcreaterole: false }, foreignTables: 0 });
        // No Unix socket anywhere it could have gone.
        expect(existsSync(`/tmp/.s.PGSQL.${port}`)).toBe(false);
        expect(existsSync(`/var/run/postgresql/.s.PGSQL.${port}`)).toBe(false);
      });
      expect(api.output()).not.toMatch(/"level":(50|60)/);
      expect(await readdir(tmp)).toEqual([]);
    },
  );

  it('takes over a cluster made with the old fixed password: new passwords, and the tables handed to the app role', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-legacy-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    cleanups.push(() => removeRelocatedCluster(dataDir));
    const env = { PORT: String(await freePort()), SWITCHYARD_DATA_DIR: dataDir };

    // A first start makes the cluster; it is then turned back into what older versions left behind.
    await runUntilReady(env, async (running) => {
      const port = embeddedPort(running.output());
      const { superuser } = await storedCredentials(dataDir);
      await withClient(connectionUrl(port, superuser), async (client) => {
        await client.query(`CREATE TABLE legacy_marker (id int)`);
        await client.query(`ALTER ROLE ${superuser.name} PASSWORD 'switchyard-embedded'`);
      });
    });
    const before = await storedCredentials(dataDir);
    expect(before.clusterDir).toBeNull();
    await unlink(path.join(dataDir, 'postgres-credentials.json'));

    await runUntilReady(env, async (running) => {
      const port = embeddedPort(running.output());
      const after = await storedCredentials(dataDir);
      expect(after.superuser.password).not.toBe(before.superuser.password);
      expect(
        await connectionFailure(connectionUrl(port, { ...after.superuser, password: 'switchyard-embedded' })),
      ).toMatch(/password authentication failed/);
      const owner = await withClient(connectionUrl(port, after.app), async (client) => {
        const result = await client.query(
          `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'legacy_marker'`,
        );
        return result.rows[0].owner as string;
      });
      expect(owner).toBe(after.app.name);
    });
  });
});
