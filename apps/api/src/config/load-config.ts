import { type AppConfig } from './app-config.js';
import { envSchema, type RawEnv } from './env.schema.js';

/** Thrown with one readable line per bad variable; main prints them and exits non-zero. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, as a shell `FOO=` or a blank .env line means. */
function withoutBlanks(env: RawEnv): RawEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
}

export function loadConfig(env: RawEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const value = env[variable];
      const shown = value === undefined || /KEY|PASSWORD|SECRET/.test(variable) ? '' : ` (got "${value}")`;
      return `${variable} ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dashboardPort: e.DASHBOARD_PORT,
    apiUrl: e.API_URL,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir: e.SWITCHYARD_DATA_DIR,
    masterKey: e.SWITCHYARD_MASTER_KEY,
    previousMasterKeys: e.SWITCHYARD_PREVIOUS_MASTER_KEYS,
    adminEmail: e.SWITCHYARD_ADMIN_EMAIL,
    adminPassword: e.SWITCHYARD_ADMIN_PASSWORD,
    configFile: e.SWITCHYARD_CONFIG,
    maxBodyBytes: Math.round(e.SWITCHYARD_MAX_BODY_MB * 1024 * 1024),
    maxQueueWaitMs: e.SWITCHYARD_MAX_QUEUE_WAIT_MS,
    shutdownGraceMs: e.SWITCHYARD_SHUTDOWN_GRACE_MS,
    usageFlushIntervalMs: e.SWITCHYARD_USAGE_FLUSH_INTERVAL_MS,
    maxAttempts: e.SWITCHYARD_MAX_ATTEMPTS,
    upstreamTimeoutMs: e.SWITCHYARD_UPSTREAM_TIMEOUT_MS,
    streamIdleTimeoutMs: e.SWITCHYARD_STREAM_IDLE_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
  };
}
