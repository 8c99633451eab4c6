import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export interface StoredCredentials {
  superuser: { name: string; password: string };
  app: { name: string; password: string };
  clusterDir: string | null;
}

/** What the API wrote beside its data: the cluster's passwords and, when relocated, where it lives. */
export async function storedCredentials(dataDir: string): Promise<StoredCredentials> {
  return JSON.parse(
    await readFile(path.join(dataDir, 'postgres-credentials.json'), 'utf8'),
  ) as StoredCredentials;
}

export function embeddedPort(output: string): number {
  const match = /embedded PostgreSQL ready on 127\.0\.0\.1:(\d+)/.exec(output);
  if (!match) throw new Error(`no embedded PostgreSQL port in the output:\n${output}`);
  return Number(match[1]);
}

export function connectionUrl(
  port: number,
  role: { name: string; password: string },
  database = 'switchyard',
) {
  return `postgresql://${role.name}:${encodeURIComponent(role.password)}@127.0.0.1:${port}/${database}`;
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The error a connection attempt ends with, or null when it connected. */
export async function connectionFailure(url: string): Promise<string | null> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A relocated cluster lives outside the data directory, so removing the data directory does not remove it. */
export async function removeRelocatedCluster(dataDir: string): Promise<void> {
  const credentials = await storedCredentials(dataDir).catch(() => null);
  if (credentials?.clusterDir) await rm(credentials.clusterDir, { recursive: true, force: true });
}
