import { type AppConfig } from '../config/app-config.js';
import { resolveMasterKey } from '../config/master-key-file.js';
import { type Logger } from '../common/logging/logger.js';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { migrateDatabase } from '../database/migrate.js';
import { type AppRuntime } from '../app.module.js';

export interface ProvisionedRuntime extends AppRuntime {
  /** Stops what the runtime started itself (the embedded database); called last on shutdown. */
  release(): Promise<void>;
}

/** Everything that must exist before the app is built: the master key, a database, and its schema. */
export async function provisionRuntime(config: AppConfig, logger: Logger): Promise<ProvisionedRuntime> {
  const masterKey = await resolveMasterKey(config, (message) => logger.warn(message));
  const resolved: AppConfig = { ...config, masterKey };
  if (config.databaseUrl) {
    await migrateDatabase(config.databaseUrl);
    return { config: resolved, databaseUrl: config.databaseUrl, logger, release: async () => {} };
  }
  logger.info('DATABASE_URL is unset: using the embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres(config.dataDir, (line) => logger.info(line));
  try {
    await migrateDatabase(embedded.databaseUrl);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { config: resolved, databaseUrl: embedded.databaseUrl, logger, release: () => embedded.stop() };
}
