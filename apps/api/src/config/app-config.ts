import { type Role } from '../database/generated/enums.js';
import { type TeamGrant } from './oidc-maps.js';

/** Single sign-on with an OpenID Connect provider; present when SWITCHYARD_OIDC_ISSUER is set. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  roleClaim: string;
  roleMap: ReadonlyMap<string, Role>;
  teamMap: ReadonlyMap<string, TeamGrant[]>;
}

/** Delivery of notification channels' events. */
export interface NotificationsConfig {
  /** Channel URLs may point at private addresses (10/8, 192.168/16, loopback, …). */
  allowPrivateAddresses: boolean;
  /** Longest wait for a channel's answer to one attempt. */
  timeoutMs: number;
  /** The wait after a failed first attempt; it doubles with each further failure (at most an hour). */
  retryBaseMs: number;
  /** Attempts per delivery, the first included; after the last failure the delivery is `failed`. */
  maxAttempts: number;
  /** How often each replica looks for due deliveries (an event seen by this replica is sent at once). */
  pollIntervalMs: number;
}

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
  /** Days a logged request body is kept before the retention job deletes it. */
  bodyLogRetentionDays: number;
  /** The write-ahead file's directory: usage and settled credit the database has not taken yet. */
  spillDir: string;
  /** Usage events held in memory at most; beyond, they go to the write-ahead file. */
  usageQueueMax: number;
  /** Bytes the write-ahead file may hold; past this and `usageQueueMax`, /v1 answers 503. */
  spillMaxBytes: number;
  /** Deadline of every database query and connection attempt. */
  databaseTimeoutMs: number;
  /** Deadline of each readiness check. */
  readyTimeoutMs: number;
  /** Upstream attempts per /v1 request, the first included, across keys and fallback targets. */
  maxAttempts: number;
  /** Longest wait for an upstream's response headers (non-stream answers: the whole generation). */
  upstreamTimeoutMs: number;
  /** Longest silence between two chunks of an upstream stream. */
  streamIdleTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The dashboard's public URL: SSO redirects to `${publicUrl}/auth/callback`, and it is a trusted Origin. */
  publicUrl: string;
  oidc: OidcConfig | undefined;
  /** Password sign-in for owners only (the break-glass path); everyone else signs in through SSO. */
  oidcOnly: boolean;
  /** A shared secret a Prometheus scraper may send as Bearer to /metrics, besides an admin API key. */
  metricsToken: string | undefined;
  /** Serve the OpenAPI document and UI at /docs. */
  docs: boolean;
  /** Provider base URLs may point at private addresses (10/8, 192.168/16, loopback, …). */
  allowPrivateUpstreams: boolean;
  notifications: NotificationsConfig;
  /** Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (Fastify `trustProxy`). */
  trustedProxies: string[];
  /** Requests a client address may make without valid credentials per minute, per replica. */
  unauthenticatedPerMinute: number;
  /** Keys the audit chain's HMAC; unset means derived from the master key. */
  auditKey: string | undefined;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
