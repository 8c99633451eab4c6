import { randomUUID } from 'node:crypto';
import { type UsageEventInput } from '../../src/modules/usage/usage-event.js';

/** A successful, priced chat completion as the proxy reports it; each test overrides what it is about. */
export function sampleUsageEvent(overrides: Partial<UsageEventInput> = {}): UsageEventInput {
  return {
    at: new Date(),
    requestId: randomUUID(),
    teamId: null,
    tokenId: null,
    keyId: null,
    provider: 'openai',
    model: 'gpt-4o-mini',
    endpoint: '/v1/chat/completions',
    stream: false,
    attempts: 1,
    promptTokens: 10,
    completionTokens: 5,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costMicros: 1500n,
    inputPerMTok: 150_000n,
    outputPerMTok: 600_000n,
    cachedInputPerMTok: null,
    cacheWritePerMTok: null,
    unpriced: false,
    estimated: false,
    latencyMs: 120,
    ttftMs: null,
    upstreamMs: 110,
    overheadMs: 1,
    status: 200,
    errorClass: null,
    refused: false,
    user: null,
    ...overrides,
  };
}
