import pg from 'pg';
import { type ClusterCredentials, LEGACY_SUPERUSER_PASSWORD } from './cluster-credentials.js';
import { EmbeddedPostgresError } from './embedded-postgres.error.js';

export const APP_DATABASE = 'switchyard';

const INVALID_PASSWORD = '28P01';

/**
 * Makes sure the application's role and database exist and that the role owns everything in the database, so
 * the API never connects as a superuser. Idempotent: it runs at every start, and also converts a cluster made
 * when the superuser had a fixed password and owned the tables.
 */
export async function prepareAppDatabase(port: number, credentials: ClusterCredentials): Promise<void> {
  const { app } = credentials;
  const admin = await connectAsSuperuser(port, credentials, 'postgres');
  try {
    const role = admin.escapeIdentifier(app.name);
    const password = admin.escapeLiteral(app.password);
    const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [app.name]);
    await admin.query(
      `${exists.rowCount === 0 ? 'CREATE' : 'ALTER'} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${password}`,
    );
    const database = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [APP_DATABASE]);
    if (database.rowCount === 0) await admin.query(`CREATE DATABASE ${APP_DATABASE} OWNER ${role}`);
    else await admin.query(`ALTER DATABASE ${APP_DATABASE} OWNER TO ${role}`);
    await admin.query(`REVOKE ALL ON DATABASE ${APP_DATABASE} FROM PUBLIC`);
  } finally {
    await admin.end();
  }
  const inDatabase = await connectAsSuperuser(port, credentials, APP_DATABASE);
  try {
    await inDatabase.query(transferOwnership(inDatabase.escapeLiteral(app.name)));
  } finally {
    await inDatabase.end();
  }
}

/**
 * As the superuser, with the stored password, or else with the old fixed one, which is then replaced by the stored
 * one: that is how a cluster from before per-install passwords is taken over, and how a start that died between
 * writing the new password and setting it recovers.
 */
async function connectAsSuperuser(
  port: number,
  credentials: ClusterCredentials,
  database: string,
): Promise<pg.Client> {
  const { superuser } = credentials;
  try {
    return await connect(port, superuser.name, superuser.password, database);
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_PASSWORD) throw describe(error);
  }
  let legacy: pg.Client;
  try {
    legacy = await connect(port, superuser.name, LEGACY_SUPERUSER_PASSWORD, database);
  } catch (error) {
    if ((error as { code?: string }).code === INVALID_PASSWORD) {
      throw new EmbeddedPostgresError(
        'the cluster refuses the password stored in postgres-credentials.json; restore that file or move the cluster away',
      );
    }
    throw describe(error);
  }
  await legacy.query(
    `ALTER ROLE ${legacy.escapeIdentifier(superuser.name)} PASSWORD ${legacy.escapeLiteral(superuser.password)}`,
  );
  return legacy;
}

async function connect(port: number, user: string, password: string, database: string): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port, user, password, database });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

function describe(error: unknown): EmbeddedPostgresError {
  return new EmbeddedPostgresError(
    `cannot connect to the embedded server: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/** Hands every table, sequence, view, type and function of the public schema that is not the app's to it. */
function transferOwnership(role: string): string {
  return `
DO $$
DECLARE
  app name := ${role};
  item record;
BEGIN
  FOR item IN
    SELECT c.oid::regclass AS object, c.relkind FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = app)
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I',
      CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      item.object, app);
  END LOOP;
  -- Sequences that belong to a column moved with their table above.
  FOR item IN
    SELECT c.oid::regclass AS object FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'
      AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = app)
  LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', item.object, app);
  END LOOP;
  FOR item IN
    SELECT t.oid::regtype AS object FROM pg_type t
    WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd')
      AND t.typowner <> (SELECT oid FROM pg_roles WHERE rolname = app)
  LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO %I', item.object, app);
  END LOOP;
  FOR item IN
    SELECT p.oid::regprocedure AS object FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace
      AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = app)
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', item.object, app);
  END LOOP;
END $$`;
}
