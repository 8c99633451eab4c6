import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EmbeddedPostgresError } from './embedded-postgres.error.js';

const roleSchema = z.object({ name: z.string().min(1), password: z.string().min(32) });

const credentialsSchema = z.object({
  version: z.literal(1),
  /** The cluster's superuser: creates the application's role and database, nothing else. */
  superuser: roleSchema,
  /** What the API connects as: owns its database, and is no superuser. */
  app: roleSchema,
  /** Set when the cluster lives outside the data directory (see cluster-place.ts). */
  clusterDir: z.string().nullable(),
});

export type ClusterCredentials = z.infer<typeof credentialsSchema>;

/** Clusters made before passwords were generated per data directory used this one; it is replaced at first sight. */
export const LEGACY_SUPERUSER_PASSWORD = 'switchyard-embedded';

const FILE_NAME = 'postgres-credentials.json';

export const credentialsPath = (dataDir: string) => path.join(dataDir, FILE_NAME);

export function newCredentials(clusterDir: string | null): ClusterCredentials {
  const secret = () => randomBytes(32).toString('hex');
  return {
    version: 1,
    superuser: { name: 'switchyard', password: secret() },
    app: { name: 'switchyard_app', password: secret() },
    clusterDir,
  };
}

export async function readCredentials(dataDir: string): Promise<ClusterCredentials | null> {
  const file = credentialsPath(dataDir);
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new EmbeddedPostgresError(`${file} is not valid JSON`);
  }
  const credentials = credentialsSchema.safeParse(parsed);
  if (!credentials.success)
    throw new EmbeddedPostgresError(`${file} does not hold the embedded database's credentials`);
  return credentials.data;
}

/** Readable by this account only, and replaced whole: a crash never leaves half a file. */
export async function writeCredentials(dataDir: string, credentials: ClusterCredentials): Promise<void> {
  const file = credentialsPath(dataDir);
  const staging = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(staging, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await rename(staging, file);
}
