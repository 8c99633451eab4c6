import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { chmod, chown, cp, mkdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type PostgresBinaries } from './postgres-binaries.js';
import { canReach, type ServerAccount } from './server-account.js';

/**
 * Where root keeps what the `postgres` account must reach when the checkout is private to root (a clone in
 * /root, mode 0700): a copy of the server binaries, and the clusters. Each cluster directory is the postgres
 * account's own, mode 0700; other users can reach neither.
 */
export const SHARED_HOME = '/var/lib/switchyard';

export interface ClusterPlace {
  clusterDir: string;
  binaries: PostgresBinaries;
  /** The cluster lives outside the data directory, because the server's account cannot reach it. */
  relocated: boolean;
}

/**
 * Decides where the cluster lives and which binaries run it. Without an account (not root) that is always
 * `<dataDir>/postgres`. Under root it stays there when the postgres account can reach the data directory, and
 * moves under {@link SHARED_HOME} when it cannot. `recorded` is where an earlier start put it.
 */
export async function placeCluster(
  dataDir: string,
  account: ServerAccount | null,
  binaries: PostgresBinaries,
  recorded: string | null,
): Promise<ClusterPlace> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const inPlace = path.join(dataDir, 'postgres');
  if (!account) return { clusterDir: recorded ?? inPlace, binaries, relocated: recorded !== null };

  const reachableBinaries = [binaries.initdb, binaries.postgres].every((file) => canReach(account, file))
    ? binaries
    : await copyBinaries(binaries);
  if (recorded !== null) {
    await ownedDirectory(recorded, account);
    return { clusterDir: recorded, binaries: reachableBinaries, relocated: true };
  }
  // The postgres account needs to pass through the data directory, never to read it.
  await chmod(dataDir, 0o711);
  if (existsSync(path.join(inPlace, 'PG_VERSION')) || canReach(account, dataDir)) {
    await ownedDirectory(inPlace, account);
    return { clusterDir: inPlace, binaries: reachableBinaries, relocated: false };
  }
  await chmod(dataDir, 0o700);
  const clusterDir = path.join(SHARED_HOME, 'clusters', clusterName(dataDir));
  await ownedDirectory(clusterDir, account);
  return { clusterDir, binaries: reachableBinaries, relocated: true };
}

/** A readable, stable name per data directory: `private-xyz-1a2b3c4d5e6f` for /root/private-xyz/.data. */
function clusterName(dataDir: string): string {
  const real = realpathSync(dataDir);
  const digest = createHash('sha256').update(real).digest('hex').slice(0, 12);
  const base = path.basename(path.dirname(real)).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  return `${base}-${digest}`;
}

async function ownedDirectory(dir: string, account: ServerAccount): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true, mode: 0o711 });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chown(dir, account.uid, account.gid);
  await chmod(dir, 0o700);
}

/**
 * The binaries of a private checkout cannot be run by the postgres account, so they are copied once per version
 * to {@link SHARED_HOME}, readable by all like any system binary. Copied aside and renamed, so two starts at once
 * never run a half-copied server.
 */
async function copyBinaries(binaries: PostgresBinaries): Promise<PostgresBinaries> {
  const nativeRoot = path.dirname(path.dirname(binaries.postgres));
  const manifest = JSON.parse(readFileSync(path.join(nativeRoot, '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  const target = path.join(
    SHARED_HOME,
    `postgres-${manifest.version ?? 'unknown'}-${os.platform()}-${os.arch()}`,
  );
  const relocated = {
    initdb: path.join(target, path.relative(nativeRoot, binaries.initdb)),
    postgres: path.join(target, path.relative(nativeRoot, binaries.postgres)),
  };
  if (existsSync(relocated.postgres) && existsSync(relocated.initdb)) return relocated;
  await mkdir(SHARED_HOME, { recursive: true, mode: 0o711 });
  const staging = `${target}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await cp(nativeRoot, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another start finished the same copy first.
    if (!existsSync(relocated.postgres)) throw error;
  }
  return relocated;
}
