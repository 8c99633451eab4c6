import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { EmbeddedPostgresError } from './embedded-postgres.error.js';
import { type PostgresBinaries } from './postgres-binaries.js';
import { type ServerAccount } from './server-account.js';

const READY_TIMEOUT_MS = 60_000;
/** English messages, whatever the machine's locale: readiness and failures are read from them. */
const SERVER_ENV = { LC_ALL: 'C', LANG: 'C', PATH: process.env.PATH ?? '/usr/bin:/bin' };

export interface RunningServer {
  port: number;
  /** Asks for a fast shutdown and waits until the server has exited. */
  stop(): Promise<void>;
  /** Synchronous, for an exit handler: the same request without the wait. */
  stopNow(): void;
}

/**
 * `initdb` for a new cluster: password authentication only (SCRAM), UTF-8, no locale. The superuser password is
 * handed over in a file beside the cluster, readable only by the server's account, and removed at once.
 */
export async function initCluster(
  binaries: PostgresBinaries,
  clusterDir: string,
  account: ServerAccount | null,
  superuser: { name: string; password: string },
): Promise<void> {
  const passwordFile = path.join(path.dirname(clusterDir), `.initdb-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${superuser.password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (account) await chown(passwordFile, account.uid, account.gid);
    const child = spawnAs(binaries.initdb, account, [
      `--pgdata=${clusterDir}`,
      `--username=${superuser.name}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
      '--no-instructions',
    ]);
    const output = collectOutput(child);
    const code = await new Promise<number | null>((resolve) => {
      child.once('error', () => resolve(null));
      child.once('close', resolve);
    });
    if (code !== 0) throw new EmbeddedPostgresError(`initdb failed: ${lastProblem(output)}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Runs the server on a free loopback port, with no Unix socket, and resolves once it accepts connections. */
export async function startServer(
  binaries: PostgresBinaries,
  clusterDir: string,
  account: ServerAccount | null,
): Promise<RunningServer> {
  const port = await freeLoopbackPort();
  const child = spawnAs(binaries.postgres, account, [
    '-D',
    clusterDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
  ]);
  const output = collectOutput(child);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new EmbeddedPostgresError(`the server did not start within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    output.onLine((line) => {
      if (!line.includes('database system is ready to accept connections')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new EmbeddedPostgresError(`the server could not be run: ${error.message}`));
    });
    child.once('close', () => {
      clearTimeout(timer);
      reject(new EmbeddedPostgresError(`the server stopped during start: ${lastProblem(output)}`));
    });
  });
  const stopNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  return {
    port,
    stopNow,
    stop: async () => {
      stopNow();
      await exited;
    },
  };
}

/**
 * In a process group of its own: Ctrl-C in a terminal signals the whole foreground group, and the server must
 * outlive the API's drain, which still writes to it; the API stops it last.
 */
function spawnAs(command: string, account: ServerAccount | null, args: string[]): ChildProcess {
  return spawn(command, args, {
    env: SERVER_ENV,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
  });
}

interface Output {
  lines: string[];
  onLine(listener: (line: string) => void): void;
}

/** The last lines the program wrote, to say why it failed. */
function collectOutput(child: ChildProcess): Output {
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  const take = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line.trim());
      if (lines.length > 40) lines.shift();
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return { lines, onLine: (listener) => listeners.push(listener) };
}

/** The line that says what went wrong: PostgreSQL's FATAL or ERROR, initdb's error, else the last line. */
function lastProblem(output: Output): string {
  const problem = [...output.lines]
    .reverse()
    .find((line) => /\b(FATAL|PANIC|ERROR):|^initdb: error:|could not|Permission denied/.test(line));
  const line = problem ?? output.lines.at(-1) ?? 'no output';
  return line.replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, '').replace(/^initdb: error:\s*/, '');
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
