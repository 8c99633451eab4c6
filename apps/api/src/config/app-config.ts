/** The validated configuration every part of the API reads; built once at boot from the environment. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dashboardPort: number;
  apiUrl: string;
  /** Unset means the API starts its own PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  /** base64, 32 bytes. Unset only outside production: then one is generated into `dataDir`. */
  masterKey: string | undefined;
  /** Previous master keys, still accepted for reading rows not yet re-encrypted. */
  previousMasterKeys: string[];
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  configFile: string | undefined;
  maxBodyBytes: number;
  maxQueueWaitMs: number;
  shutdownGraceMs: number;
  /** How often queued usage events are written even when no full batch is waiting. */
  usageFlushIntervalMs: number;
  /** Upstream attempts per /v1 request, the first included, across keys and fallback targets. */
  maxAttempts: number;
  /** Longest wait for an upstream's response headers (non-stream answers: the whole generation). */
  upstreamTimeoutMs: number;
  /** Longest silence between two chunks of an upstream stream. */
  streamIdleTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export const APP_CONFIG = Symbol('APP_CONFIG');
