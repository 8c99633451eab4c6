import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };
type PerformIO = (this: unknown, query: unknown) => Promise<QueryResultLike>;

/**
 * The schema engine reads catalog columns of type `name` and `"char"`, which adapter-pg 6.19 cannot
 * deserialize (prisma/orm#27403). They carry plain text, so they are reported as text.
 */
function reportCatalogTypesAsText(adapter: object): void {
  const queryable = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as {
    performIO: PerformIO;
    __patched?: true;
  };
  if (queryable.__patched) return;
  const original = queryable.performIO;
  queryable.performIO = async function (this: unknown, query: unknown) {
    const result = await original.call(this, query);
    for (const field of result.fields ?? []) {
      if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  queryable.__patched = true;
}

type ScriptRunner = {
  executeScript(script: string): Promise<void>;
  underlyingDriver(): pg.Pool;
  onError(error: unknown): never;
};

/**
 * adapter-pg splits scripts on every `;`, which breaks dollar-quoted function bodies (our audit trigger).
 * PostgreSQL's simple query protocol runs a multi-statement script as sent, so it is sent whole.
 */
function runScriptsWhole(adapter: object): void {
  const runner = adapter as unknown as ScriptRunner;
  runner.executeScript = async (script: string) => {
    try {
      await runner.underlyingDriver().query(script);
    } catch (error) {
      runner.onError(error);
    }
  };
}

function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Migration adapter for the WebAssembly schema engine. One connection, so the advisory lock and unlock
 * share a session; and a shadow database that really is separate and is dropped only on dispose.
 */
export function createMigrationAdapter(connectionString: string) {
  const factory = new PrismaPg({ connectionString, max: 1, allowExitOnIdle: true });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      reportCatalogTypesAsText(adapter);
      runScriptsWhole(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      const database = `switchyard_shadow_${randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client({ connectionString });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${database}"`);
      await admin.end();
      const shadow = new PrismaPg({
        connectionString: withDatabase(connectionString, database),
        max: 1,
        allowExitOnIdle: true,
      });
      const adapter = await shadow.connect();
      reportCatalogTypesAsText(adapter);
      runScriptsWhole(adapter);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        const cleanup = new pg.Client({ connectionString });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await cleanup.end();
      };
      return adapter;
    },
  };
}
