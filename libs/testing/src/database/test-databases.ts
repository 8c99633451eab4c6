import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/** Where tests create their databases: TEST_DATABASE_URL, else DATABASE_URL, else the local server. */
export function testServerUrl(): string {
  return (
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgresql://postgres@127.0.0.1:5432/postgres'
  );
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A template is named after the migrations it holds, so a schema change builds a new one by itself. */
function migrationsFingerprint(workspaceRoot: string): string {
  const dir = path.join(workspaceRoot, 'prisma', 'migrations');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    hash.update(name);
    if (!name.endsWith('.toml')) hash.update(readFileSync(path.join(dir, name, 'migration.sql')));
  }
  return hash.digest('hex').slice(0, 12);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure a migrated template database exists and returns its name. Built under a temporary name and
 * renamed when complete, so a concurrent or interrupted run never clones a half-migrated template.
 */
export async function ensureTemplateDatabase(
  workspaceRoot: string,
  serverUrl = testServerUrl(),
): Promise<string> {
  const template = `sy_template_${migrationsFingerprint(workspaceRoot)}`;
  return withAdmin(serverUrl, async (admin) => {
    await dropOrphanedTestDatabases(admin);
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (existing.rowCount) return template;
    const building = `sy_building_${process.pid}_${randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE DATABASE "${building}"`);
    const migrate = spawnSync(
      process.execPath,
      [path.join(workspaceRoot, 'scripts', 'prisma.mjs'), 'migrate', 'deploy'],
      {
        cwd: workspaceRoot,
        env: { ...process.env, DATABASE_URL: databaseUrl(serverUrl, building) },
        encoding: 'utf8',
      },
    );
    if (migrate.status !== 0) {
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      throw new Error(`migrating the test template failed:\n${migrate.stdout}\n${migrate.stderr}`);
    }
    try {
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    } catch (error) {
      // Another run finished the same template first; theirs is identical.
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      const raced = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!raced.rowCount) throw error;
    }
    return template;
  });
}

/** Test databases carry their creator's pid; those whose process is gone were left by a crash. */
async function dropOrphanedTestDatabases(admin: pg.Client): Promise<void> {
  const rows = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname ~ '^sy_(test|building)_[0-9]+_'",
  );
  for (const { datname } of rows.rows) {
    const pid = Number(datname.split('_')[2]);
    if (!isAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A private, migrated database for one test file, cloned from the template in well under a second. */
export async function createTestDatabase(
  template: string,
  serverUrl = testServerUrl(),
): Promise<TestDatabase> {
  const name = `sy_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () =>
      withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
