import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type AppConfig } from '../config/app-config.js';
import { resolveMasterKey } from '../config/master-key-file.js';
import { type Logger } from '../common/logging/logger.js';
import { startEmbeddedPostgres } from '../database/embedded/embedded-postgres.js';
import { EmbeddedPostgresError } from '../database/embedded/embedded-postgres.error.js';
import { migrateDatabase } from '../database/migrate.js';
import { type AppRuntime } from '../app.module.js';

export interface ProvisionedRuntime extends AppRuntime {
  /** Stops what the runtime started itself (the embedded database); called last on shutdown. */
  release(): Promise<void>;
  /** For the ready line: which database, and where the master key came from. */
  describe: { database: string; masterKey: string };
}

/** A start that cannot go on, with the one line that says why and what to do. */
export class StartupError extends Error {}

/** Everything that must exist before the app is built: the master key, a database, and its schema. */
export async function provisionRuntime(config: AppConfig, logger: Logger): Promise<ProvisionedRuntime> {
  await ensureWritableDirectory(config.spillDir, 'SWITCHYARD_SPILL_DIR');
  const masterKey = await resolveMasterKey(config, (message) => logger.warn(message));
  const resolved: AppConfig = { ...config, masterKey };
  const masterKeySource = config.masterKey
    ? 'SWITCHYARD_MASTER_KEY'
    : path.relative(process.cwd(), path.resolve(config.dataDir, 'master.key'));
  if (config.databaseUrl) {
    await migrateDatabase(config.databaseUrl);
    return {
      config: resolved,
      databaseUrl: config.databaseUrl,
      logger,
      release: async () => {},
      describe: { database: `DATABASE_URL (${serverOf(config.databaseUrl)})`, masterKey: masterKeySource },
    };
  }
  logger.info('DATABASE_URL is unset: using the embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres(config.dataDir, (line) => logger.info(line)).catch(
    (error: unknown) => {
      if (!(error instanceof EmbeddedPostgresError)) throw error;
      throw new StartupError(
        `the embedded PostgreSQL cannot run here: ${oneLine(error.message)}. Set DATABASE_URL to use a PostgreSQL server of your own.`,
      );
    },
  );
  try {
    await migrateDatabase(embedded.databaseUrl);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return {
    config: resolved,
    databaseUrl: embedded.databaseUrl,
    logger,
    release: () => embedded.stop(),
    describe: { database: `embedded PostgreSQL in ${embedded.clusterDir}`, masterKey: masterKeySource },
  };
}

/** Usage and credit the database could not take are written there: a start that could not write them fails. */
async function ensureWritableDirectory(directory: string, variable: string): Promise<void> {
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    await access(directory, constants.W_OK | constants.X_OK);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new StartupError(`${variable} (${directory}) is not a directory this process can write: ${reason}`);
  }
}

/** Host, port and database of a connection URL, never its credentials. */
function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'unparsable URL';
  }
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
