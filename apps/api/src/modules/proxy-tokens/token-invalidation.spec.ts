import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { RedisService } from '../../redis/redis.service.js';
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
  expiresAt: null,
  requireUser: false,
};

describe('ProxyTokenInvalidation', () => {
  it('starts without Redis reachable, and still invalidates this replica at once', async () => {
    const redis = new RedisService('redis://127.0.0.1:1');
    const cache = new TokenCache();
    const invalidation = new ProxyTokenInvalidation(redis, cache, pino({ level: 'silent' }));
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
      redis.client?.disconnect();
    }
  });
});
