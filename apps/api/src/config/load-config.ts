import path from 'node:path';
import { type AppConfig, type OidcConfig } from './app-config.js';
import { parseRoleMap, parseTeamMap } from './oidc-maps.js';
import { type z } from 'zod';
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
      const shown =
        value === undefined || /KEY|PASSWORD|SECRET|TOKEN/.test(variable) ? '' : ` (got "${value}")`;
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
    bodyLogRetentionDays: e.SWITCHYARD_BODY_LOG_RETENTION_DAYS,
    maxAttempts: e.SWITCHYARD_MAX_ATTEMPTS,
    spillDir: path.resolve(e.SWITCHYARD_SPILL_DIR ?? path.join(e.SWITCHYARD_DATA_DIR, 'spill')),
    usageQueueMax: e.SWITCHYARD_USAGE_QUEUE_MAX,
    spillMaxBytes: Math.round(e.SWITCHYARD_SPILL_MAX_MB * 1024 * 1024),
    databaseTimeoutMs: e.SWITCHYARD_DB_TIMEOUT_MS,
    readyTimeoutMs: e.SWITCHYARD_READY_TIMEOUT_MS,

    upstreamTimeoutMs: e.SWITCHYARD_UPSTREAM_TIMEOUT_MS,
    streamIdleTimeoutMs: e.SWITCHYARD_STREAM_IDLE_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.SWITCHYARD_PUBLIC_URL.replace(/\/+$/, ''),
    oidc: oidcOf(e),
    oidcOnly: e.SWITCHYARD_OIDC_ONLY,
    metricsToken: e.SWITCHYARD_METRICS_TOKEN,
    docs: e.SWITCHYARD_DOCS,
    allowPrivateUpstreams: e.SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS,
    notifications: {
      allowPrivateAddresses: e.SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS,
      timeoutMs: e.SWITCHYARD_WEBHOOK_TIMEOUT_MS,
      retryBaseMs: e.SWITCHYARD_NOTIFICATION_RETRY_BASE_MS,
      maxAttempts: e.SWITCHYARD_NOTIFICATION_MAX_ATTEMPTS,
      pollIntervalMs: e.SWITCHYARD_NOTIFICATION_POLL_MS,
    },
    trustedProxies: e.SWITCHYARD_TRUSTED_PROXIES,
    unauthenticatedPerMinute: e.SWITCHYARD_UNAUTHENTICATED_PER_MINUTE,
    auditKey: e.SWITCHYARD_AUDIT_KEY,
  };
}

function oidcOf(e: z.infer<typeof envSchema>): OidcConfig | undefined {
  if (!e.SWITCHYARD_OIDC_ISSUER || !e.SWITCHYARD_OIDC_CLIENT_ID || !e.SWITCHYARD_OIDC_CLIENT_SECRET)
    return undefined;
  const roles = parseRoleMap(e.SWITCHYARD_OIDC_ROLE_MAP ?? '');
  const teams = parseTeamMap(e.SWITCHYARD_OIDC_TEAM_MAP ?? '');
  return {
    issuer: e.SWITCHYARD_OIDC_ISSUER,
    clientId: e.SWITCHYARD_OIDC_CLIENT_ID,
    clientSecret: e.SWITCHYARD_OIDC_CLIENT_SECRET,
    scopes: e.SWITCHYARD_OIDC_SCOPES,
    roleClaim: e.SWITCHYARD_OIDC_ROLE_CLAIM,
    roleMap: 'map' in roles ? roles.map : new Map(),
    teamMap: 'map' in teams ? teams.map : new Map(),
  };
}
