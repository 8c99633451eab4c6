import { type BeforeApplicationShutdown, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { asIssuedToken } from '@switchyard/crypto';
import { type FastifyInstance } from 'fastify';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { AuditService } from '../audit/audit.service.js';

export type FailedAuthenticationAction = 'auth.api_key.failed' | 'auth.token.failed';

const MINUTE_MS = 60_000;
/** Distinct addresses kept apart per minute; failures from any further address are counted together. */
const MAX_ADDRESSES_PER_MINUTE = 1000;
const MAX_PREFIXES_PER_EVENT = 10;
const OTHER_ADDRESSES = 'other-addresses';

interface Bucket {
  action: FailedAuthenticationAction;
  ip: string | null;
  minuteStart: number;
  failures: number;
  /** Display prefixes of the secrets presented, never the secrets themselves. */
  prefixes: Set<string>;
  missing: number;
}

/** What of a presented secret may be recorded: the same short prefix a dashboard shows of an issued one. */
export function secretPrefix(secret: string): string {
  return asIssuedToken(secret.slice(0, 64))
    .prefix.slice(0, 16)
    .replace(/[^\x21-\x7e]/g, '?');
}

/**
 * Failed authentications of admin API keys and proxy tokens, written to the audit log as one event per source
 * address, action and minute, with how many failed and the prefixes presented. A flood of bad credentials so
 * costs at most one audit row per address a minute (and one more for everything past a thousand addresses).
 */
@Injectable()
export class FailedAuthentications implements OnModuleInit, BeforeApplicationShutdown {
  private buckets = new Map<string, Bucket>();
  /** Addresses kept apart so far, per action and minute. */
  private addresses = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), 10_000);
    this.timer.unref();
  }

  // Before the database connections close.
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(Number.POSITIVE_INFINITY);
  }

  /** Counts one failure; `presented` is the secret offered, undefined when none was. */
  record(
    action: FailedAuthenticationAction,
    ip: string | null,
    presented: string | undefined,
    now = Date.now(),
  ) {
    const minuteStart = now - (now % MINUTE_MS);
    const minute = `${action}|${minuteStart}`;
    let key = `${minute}|${ip ?? ''}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const kept = this.addresses.get(minute) ?? 0;
      if (kept >= MAX_ADDRESSES_PER_MINUTE) {
        ip = OTHER_ADDRESSES;
        key = `${minute}|${ip}`;
        bucket = this.buckets.get(key);
      } else {
        this.addresses.set(minute, kept + 1);
      }
    }
    if (!bucket) {
      bucket = { action, ip, minuteStart, failures: 0, prefixes: new Set(), missing: 0 };
      this.buckets.set(key, bucket);
    }
    bucket.failures += 1;
    if (presented === undefined || presented === '') bucket.missing += 1;
    else if (bucket.prefixes.size < MAX_PREFIXES_PER_EVENT) bucket.prefixes.add(secretPrefix(presented));
  }

  /** Writes the minutes that have ended by `now` (everything, given Infinity), one at a time. */
  flush(now = Date.now()): Promise<void> {
    this.flushing = this.flushing.then(() => this.write(now));
    return this.flushing;
  }

  private async write(now: number): Promise<void> {
    const due = [...this.buckets].filter(([, bucket]) => bucket.minuteStart + MINUTE_MS <= now);
    for (const [minute] of this.addresses)
      if (Number(minute.split('|')[1]) + MINUTE_MS <= now) this.addresses.delete(minute);
    for (const [key, bucket] of due) {
      this.buckets.delete(key);
      try {
        await this.audit.record(
          {
            kind: 'anonymous',
            label: null,
            ip: bucket.ip,
            userAgent: null,
            requestId: `failures-${bucket.minuteStart}`,
          },
          bucket.action,
          { type: 'address', id: bucket.ip },
          {
            after: {
              failures: bucket.failures,
              withoutCredential: bucket.missing,
              prefixes: [...bucket.prefixes],
              from: new Date(bucket.minuteStart).toISOString(),
              to: new Date(bucket.minuteStart + MINUTE_MS).toISOString(),
            },
          },
        );
      } catch (error) {
        this.logger.error({ err: error, action: bucket.action }, 'could not record failed authentications');
      }
    }
  }
}

/** The proxy token a /v1 request presented, the way the proxy reads it: Bearer, or `x-api-key`. */
function presentedProxyToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') return authorization.replace(/^Bearer\s+/i, '').trim();
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

/** Counts every /v1 answer of 401 as a failed proxy-token authentication, from the response alone. */
export function watchProxyAuthentication(fastify: FastifyInstance, failures: FailedAuthentications): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode === 401 && request.url.startsWith('/v1/'))
      failures.record('auth.token.failed', request.ip, presentedProxyToken(request.headers));
    done();
  });
}
