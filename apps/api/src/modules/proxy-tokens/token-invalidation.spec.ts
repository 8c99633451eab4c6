import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { RedisService } from '../../redis/redis.service.js';
import { type ProxyTokensRepository } from './proxy-tokens.repository.js';
import { TokenCache } from './token-cache.js';
import { ProxyTokenInvalidation } from './token-invalidation.js';

const principal = {
  tokenId: 't',
  teamId: 'team',
  name: 't',
  allowedModels: [],
  rpm: null,
  tpm: null,
  budgetLimitMicros: null,
  budgetPeriod: null,
  expiresAt: null,
  logBodies: false,
  requireUser: false,
};

describe('ProxyTokenInvalidation', () => {
  it('starts without Redis reachable, and still invalidates this replica at once', async () => {
    const logger = pino({ level: 'silent' });
    const redis = new RedisService('redis://127.0.0.1:1', logger);
    const cache = new TokenCache();
    const unreachableDatabase = {
      hashesRevokedSince: () => Promise.reject(new Error('no database in this spec')),
    } as unknown as ProxyTokensRepository;
    const invalidation = new ProxyTokenInvalidation(redis, cache, unreachableDatabase, logger);
    try {
      await invalidation.onModuleInit();
      cache.store('hash', { principal, loadedAt: 0 }, cache.generation);
      await invalidation.tokensChanged(['hash']);
      expect(cache.get('hash')).toBeUndefined();
      cache.store('other', { principal, loadedAt: 0 }, cache.generation);
      await invalidation.teamDeleted('team');
      expect(cache.get('other')).toBeUndefined();
    } finally {
      await invalidation.onApplicationShutdown();
      await redis.onApplicationShutdown();
    }
  });
});
