import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP_DATABASE, prepareAppDatabase } from './app-database.js';
import { placeCluster } from './cluster-place.js';
import { newCredentials, readCredentials, writeCredentials } from './cluster-credentials.js';
import { EmbeddedPostgresError } from './embedded-postgres.error.js';
import { postgresBinaries } from './postgres-binaries.js';
import { initCluster, type RunningServer, startServer } from './postgres-server.js';
import { serverAccount } from './server-account.js';

export interface RunningEmbeddedPostgres {
  databaseUrl: string;
  /** Where the cluster's files are, for the start log. */
  clusterDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the zero-setup PostgreSQL: real server binaries shipped in npm packages, data kept across restarts.
 *
 * Nobody else on the machine can use it: it listens on loopback TCP only (no Unix socket), every role needs a
 * password, and the passwords are random per data directory, kept in `postgres-credentials.json` (mode 0600). The
 * API connects as a role that owns its database and is no superuser. Under root the server runs as the `postgres`
 * account; see cluster-place.ts for where its files go when the checkout is private to root.
 *
 * Every failure is an {@link EmbeddedPostgresError} with a one-line reason.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void,
): Promise<RunningEmbeddedPostgres> {
  try {
    return await start(path.resolve(dataDir), log);
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw error;
    throw new EmbeddedPostgresError(error instanceof Error ? error.message : String(error));
  }
}

async function start(dataDir: string, log: (line: string) => void): Promise<RunningEmbeddedPostgres> {
  const binaries = await postgresBinaries();
  const account = await serverAccount();
  const stored = await readCredentials(dataDir);
  const place = await placeCluster(dataDir, account, binaries, stored?.clusterDir ?? null);
  if (place.relocated && !stored) {
    log(
      `${dataDir} is private to ${os.userInfo().username}, which the ${account?.name ?? 'server'} account cannot enter: the embedded PostgreSQL keeps its files in ${place.clusterDir}`,
    );
  }
  const credentials = stored ?? newCredentials(place.relocated ? place.clusterDir : null);
  // Written before initdb uses it, so no cluster ever exists whose password is not on disk.
  if (!stored) await writeCredentials(dataDir, credentials);

  if (!existsSync(path.join(place.clusterDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${place.clusterDir}`);
    await initCluster(place.binaries, place.clusterDir, account, credentials.superuser);
  }
  const server = await startServer(place.binaries, place.clusterDir, account);
  try {
    await prepareAppDatabase(server.port, credentials);
  } catch (error) {
    await server.stop();
    throw error;
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${server.port}`);
  const { name, password } = credentials.app;
  return {
    databaseUrl: `postgresql://${name}:${password}@127.0.0.1:${server.port}/${APP_DATABASE}`,
    clusterDir: place.clusterDir,
    stop: stopWithProcess(server),
  };
}

/**
 * If the API dies without its shutdown (a crash, process.exit), the server must not outlive it holding the data
 * directory's lock; a fast shutdown asked for synchronously is all an exit handler can do.
 */
function stopWithProcess(server: RunningServer): () => Promise<void> {
  process.once('exit', server.stopNow);
  return async () => {
    await server.stop();
    process.removeListener('exit', server.stopNow);
  };
}
