import { z } from 'zod';
import { newPasswordSchema } from '../modules/auth/password-policy.js';
import { parseRoleMap, parseTeamMap } from './oidc-maps.js';

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string())
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

/** A key of 32 equal bytes (all zero, say) is a placeholder, not a secret. */
export const isTrivialKey = (base64: string) => new Set(Buffer.from(base64, 'base64')).size === 1;

const masterKey = z
  .string()
  .trim()
  .regex(BASE64_32_BYTES, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
  .refine((key) => !isTrivialKey(key), 'must be random: 32 equal bytes (all zero, say) are refused');

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The identity provider must be reached over TLS, except on this machine (tests, a local provider). */
const issuerUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const parsed = new URL(value);
      return (
        parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname))
      );
    } catch {
      return false;
    }
  }, 'must be an https:// URL (http:// only on 127.0.0.1 or localhost)');

/** Every variable the API reads. Names are the public contract; see the README's configuration table. */
export const envSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'], { message: 'must be development, production or test' })
      .default('development'),
    PORT: port.default(4000),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    DASHBOARD_PORT: port.default(3000),
    API_URL: url(['http:', 'https:']).default('http://127.0.0.1:4000'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
    REDIS_URL: url(['redis:', 'rediss:']).optional(),
    SWITCHYARD_DATA_DIR: z.string().trim().min(1).default('./.data'),
    SWITCHYARD_MASTER_KEY: masterKey.optional(),
    SWITCHYARD_PREVIOUS_MASTER_KEYS: z
      .string()
      .trim()
      .transform((value) =>
        value
          .split(',')
          .map((key) => key.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(z.string().regex(BASE64_32_BYTES, 'must be a comma-separated list of 32-byte base64 keys')),
      )
      .default([]),
    SWITCHYARD_ADMIN_EMAIL: z.email('must be an email address').optional(),
    SWITCHYARD_ADMIN_PASSWORD: newPasswordSchema.optional(),
    SWITCHYARD_CONFIG: optionalText,
    SWITCHYARD_MAX_BODY_MB: z.coerce
      .number({ message: 'must be a number' })
      .positive('must be greater than 0')
      .max(1024, 'must be at most 1024')
      .default(20),
    SWITCHYARD_MAX_QUEUE_WAIT_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(600_000, 'must be at most 600000')
      .default(0),
    SWITCHYARD_MAX_ATTEMPTS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 20')
      .max(20, 'must be between 1 and 20')
      .default(4),
    SWITCHYARD_UPSTREAM_TIMEOUT_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(100, 'must be at least 100')
      .default(120_000),
    SWITCHYARD_STREAM_IDLE_TIMEOUT_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(100, 'must be at least 100')
      .default(120_000),
    SWITCHYARD_BODY_LOG_RETENTION_DAYS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number of days')
      .min(1, 'must be between 1 and 3650')
      .max(3650, 'must be between 1 and 3650')
      .default(7),
    SWITCHYARD_USAGE_FLUSH_INTERVAL_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(50, 'must be between 50 and 60000')
      .max(60_000, 'must be between 50 and 60000')
      .default(1000),
    SWITCHYARD_SHUTDOWN_GRACE_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .default(25_000),
    SWITCHYARD_SPILL_DIR: optionalText,
    SWITCHYARD_USAGE_QUEUE_MAX: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .default(100_000),
    SWITCHYARD_SPILL_MAX_MB: z.coerce
      .number({ message: 'must be a number' })
      .min(0, 'must be 0 or more')
      .default(1024),
    SWITCHYARD_DB_TIMEOUT_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(100, 'must be between 100 and 600000')
      .max(600_000, 'must be between 100 and 600000')
      .default(5000),
    SWITCHYARD_READY_TIMEOUT_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(50, 'must be between 50 and 60000')
      .max(60_000, 'must be between 50 and 60000')
      .default(2000),
    SWITCHYARD_PUBLIC_URL: url(['http:', 'https:']).default('http://127.0.0.1:3000'),
    SWITCHYARD_OIDC_ISSUER: issuerUrl.optional(),
    SWITCHYARD_OIDC_CLIENT_ID: z.string().trim().min(1).max(1000).optional(),
    SWITCHYARD_OIDC_CLIENT_SECRET: z.string().trim().min(1).max(4000).optional(),
    SWITCHYARD_OIDC_SCOPES: z
      .string()
      .trim()
      .refine((scopes) => scopes.split(/\s+/).includes('openid'), 'must include openid')
      .default('openid email profile'),
    SWITCHYARD_OIDC_ROLE_CLAIM: z.string().trim().min(1).max(200).default('groups'),
    SWITCHYARD_OIDC_ROLE_MAP: z.string().max(20_000).optional(),
    SWITCHYARD_OIDC_TEAM_MAP: z.string().max(20_000).optional(),
    SWITCHYARD_OIDC_ONLY: flag(false),
    SWITCHYARD_METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').max(512).optional(),
    SWITCHYARD_DOCS: flag(true),
    SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: flag(false),
    SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: flag(false),
    SWITCHYARD_WEBHOOK_TIMEOUT_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(100, 'must be between 100 and 60000')
      .max(60000, 'must be between 100 and 60000')
      .default(5000),
    SWITCHYARD_NOTIFICATION_RETRY_BASE_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(10, 'must be between 10 and 3600000')
      .max(3600000, 'must be between 10 and 3600000')
      .default(10_000),
    SWITCHYARD_NOTIFICATION_MAX_ATTEMPTS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 20')
      .max(20, 'must be between 1 and 20')
      .default(8),
    SWITCHYARD_NOTIFICATION_POLL_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(10, 'must be between 10 and 60000')
      .max(60000, 'must be between 10 and 60000')
      .default(2000),
    SWITCHYARD_TRUSTED_PROXIES: z
      .string()
      .trim()
      .transform((value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/,
              'must be a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal',
            ),
        ),
      )
      .default(['loopback']),
    SWITCHYARD_UNAUTHENTICATED_PER_MINUTE: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .default(300),
    SWITCHYARD_AUDIT_KEY: masterKey.optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        message: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SWITCHYARD_MASTER_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['SWITCHYARD_MASTER_KEY'],
        message: 'is required when NODE_ENV=production',
      });
    }
    if (env.SWITCHYARD_OIDC_ISSUER) {
      for (const name of [
        'SWITCHYARD_OIDC_CLIENT_ID',
        'SWITCHYARD_OIDC_CLIENT_SECRET',
        'SWITCHYARD_OIDC_ROLE_MAP',
      ] as const)
        if (!env[name])
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'is required when SWITCHYARD_OIDC_ISSUER is set',
          });
    } else if (env.SWITCHYARD_OIDC_ONLY) {
      ctx.addIssue({
        code: 'custom',
        path: ['SWITCHYARD_OIDC_ONLY'],
        message: 'needs SWITCHYARD_OIDC_ISSUER: without single sign-on nobody but owners could sign in',
      });
    }
    for (const [name, parse] of [
      ['SWITCHYARD_OIDC_ROLE_MAP', parseRoleMap],
      ['SWITCHYARD_OIDC_TEAM_MAP', parseTeamMap],
    ] as const) {
      const raw = env[name];
      const parsed = raw === undefined ? undefined : parse(raw);
      if (parsed && 'problem' in parsed)
        ctx.addIssue({ code: 'custom', path: [name], message: parsed.problem });
    }
    if (Boolean(env.SWITCHYARD_ADMIN_EMAIL) !== Boolean(env.SWITCHYARD_ADMIN_PASSWORD)) {
      const missing = env.SWITCHYARD_ADMIN_EMAIL ? 'SWITCHYARD_ADMIN_PASSWORD' : 'SWITCHYARD_ADMIN_EMAIL';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'must be set together with the other admin variable',
      });
    }
  });

export type RawEnv = Record<string, string | undefined>;
