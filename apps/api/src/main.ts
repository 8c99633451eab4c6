import 'reflect-metadata';
import 'dotenv/config';
import { createApp } from './app.factory.js';
import { stopGracefully } from './bootstrap/graceful-stop.js';
import { provisionRuntime } from './bootstrap/provision-runtime.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createLogger, flushLogger } from './common/logging/logger.js';

/** Expected start-up failures get a plain message, never a stack trace. */
function failStart(error: unknown): never {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) console.error(`switchyard: ${problem}`);
  } else {
    console.error(`switchyard: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    failStart(error);
  }
  const logger = createLogger(config);
  const runtime = await provisionRuntime(config, logger).catch(failStart);
  const app = await createApp(runtime).catch(async (error: unknown) => {
    await runtime.release();
    failStart(error);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    // Only for a hook that ignores its deadline: every database call and the drain itself have one.
    const forceExit = setTimeout(
      () => {
        logger.error('shutdown did not complete; exiting');
        flushLogger(logger);
        process.exit(1);
      },
      config.shutdownGraceMs + 6 * config.databaseTimeoutMs + 10_000,
    );
    forceExit.unref();
    let code = 0;
    try {
      await stopGracefully(app, config.shutdownGraceMs, logger);
      await runtime.release();
      logger.info('shutdown complete');
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      code = 1;
    } finally {
      flushLogger(logger);
      process.exit(code);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await runtime.release();
    failStart(error);
  }
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  logger.info(
    { port: config.port, database: runtime.describe.database, masterKey: runtime.describe.masterKey },
    `Switchyard API ready on http://${shownHost}:${config.port} (database: ${runtime.describe.database}; master key: ${runtime.describe.masterKey})`,
  );
}

void main();
