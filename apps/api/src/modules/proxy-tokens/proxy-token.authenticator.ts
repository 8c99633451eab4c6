import { Inject, Injectable } from '@nestjs/common';
import { hashToken } from '@switchyard/crypto';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { LastUsedTracker } from './last-used-tracker.js';
import { type ProxyTokenPrincipal } from './proxy-token-principal.js';
import { ProxyTokensRepository } from './proxy-tokens.repository.js';
import { type CachedToken, TokenCache } from './token-cache.js';

/**
 * A cached token is re-read in the background after this long, while the cached answer keeps being served.
 * It is the safety net for an invalidation message that never arrived; revocations normally take effect at
 * once through `ProxyTokenInvalidation`.
 */
export const REFRESH_AFTER_MS = 60_000;

const TOKEN_SHAPE = /^sy-[A-Za-z0-9]{1,200}$/;

type AuthRecord = NonNullable<Awaited<ReturnType<ProxyTokensRepository['findForAuthentication']>>>;

function principalOf(record: AuthRecord, now: number): ProxyTokenPrincipal | null {
  if (record.team.deletedAt !== null) return null;
  if (record.revokedAt !== null && record.revokedAt.getTime() <= now) return null;
  // A rotated token works until the end of its overlap: to the hot path that is an expiry like any other.
  const endsAt =
    record.revokedAt !== null && (record.expiresAt === null || record.revokedAt < record.expiresAt)
      ? record.revokedAt
      : record.expiresAt;
  return {
    tokenId: record.id,
    teamId: record.teamId,
    name: record.name,
    allowedModels: record.allowedModels,
    rpm: record.rpm,
    tpm: record.tpm,
    budgetLimitMicros: record.budgetLimit,
    budgetPeriod: record.budgetLimit === null ? null : record.budgetPeriod,
    expiresAt: endsAt,
    logBodies: record.logBodies || record.team.logBodies,
    requireUser: record.requireUser,
  };
}

/**
 * Authenticates `/v1` requests by proxy token. A known token is answered from memory: hashing it is the only
 * work, and no database is read or written. Unknown tokens cost one indexed read, then are remembered as
 * unknown for a second.
 */
@Injectable()
export class ProxyTokenAuthenticator {
  private readonly loading = new Map<string, Promise<CachedToken | undefined>>();

  constructor(
    private readonly tokens: ProxyTokensRepository,
    private readonly cache: TokenCache,
    private readonly lastUsed: LastUsedTracker,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The principal of a live, unexpired token; null for anything else. */
  async authenticate(rawToken: string): Promise<ProxyTokenPrincipal | null> {
    const known = this.tryAuthenticate(rawToken);
    if (known !== undefined) return known;
    const hash = hashToken(rawToken);
    return this.admit(await this.load(hash), Date.now());
  }

  /**
   * `authenticate` without a promise when memory decides, as it does for every token in use: the principal, or
   * null for a refused token; undefined only when the database has to be asked.
   */
  tryAuthenticate(rawToken: string): ProxyTokenPrincipal | null | undefined {
    if (!TOKEN_SHAPE.test(rawToken)) return null;
    const hash = hashToken(rawToken);
    const now = Date.now();
    const entry = this.cache.get(hash);
    if (entry) {
      if (now - entry.loadedAt > REFRESH_AFTER_MS) this.refreshInBackground(hash);
      return this.admit(entry, now);
    }
    return this.cache.isKnownMiss(hash, now) ? null : undefined;
  }

  private admit(entry: CachedToken | undefined, now: number): ProxyTokenPrincipal | null {
    const principal = entry?.principal;
    if (!principal || (principal.expiresAt && principal.expiresAt.getTime() <= now)) return null;
    this.lastUsed.record(principal.tokenId, now);
    return principal;
  }

  /** Concurrent first requests with the same token share one database read. */
  private load(hash: string): Promise<CachedToken | undefined> {
    const running = this.loading.get(hash);
    if (running) return running;
    const generation = this.cache.generation;
    const load = this.tokens
      .findForAuthentication(hash)
      .then((record) => {
        const now = Date.now();
        if (!record) {
          this.cache.storeMiss(hash, now, generation);
          return undefined;
        }
        const entry = { principal: principalOf(record, now), loadedAt: now };
        this.cache.store(hash, entry, generation);
        return entry;
      })
      .finally(() => this.loading.delete(hash));
    this.loading.set(hash, load);
    return load;
  }

  private refreshInBackground(hash: string): void {
    this.load(hash).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'could not refresh a cached proxy token; serving the cached entry'),
    );
  }
}
