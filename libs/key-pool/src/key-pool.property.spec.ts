import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createHarness, leaseNow, openAiKey } from '../test/support/pool-harness.js';
import { nextQuotaReset } from './daily-period.js';
import type { UpstreamFailure } from './error-class.js';
import type { KeyConfig } from './key-config.js';
import type { Lease } from './lease.js';
import type { RouteInput } from './route.js';

const HOUR = 3_600_000;

const KEYS: KeyConfig[] = [
  openAiKey('a'),
  openAiKey('b', { maxConcurrency: 2 }),
  openAiKey('c', { tier: 'fallback', models: ['gpt-4o'] }),
  openAiKey('d', { modelMaxConcurrency: 1 }),
  { id: 'r', provider: 'openrouter' },
];
const KEY_IDS = KEYS.map((key) => key.id);
const ROUTES: RouteInput[] = [
  'openai/gpt-4o',
  'openai/gpt-4o-mini',
  ['openai/gpt-4o', 'openrouter/openai/gpt-4o'],
];

/** A failure, and the least the pool must do about it: rest the key × model or the key, or disable the key. */
interface FailureCase {
  failure: UpstreamFailure;
  restsModelFor?: (now: number) => number;
  restsKeyFor?: number;
  disables?: boolean;
}

const FAILURES: FailureCase[] = [
  { failure: { status: 429, headers: { 'retry-after': '5' } }, restsModelFor: () => 5_000 },
  { failure: { status: 429 }, restsModelFor: () => 10_000 },
  {
    failure: {
      status: 429,
      body: { error: { message: 'limit on requests per day (RPD)', code: 'rate_limit_exceeded' } },
    },
    restsModelFor: (now) => nextQuotaReset(now, 0) - now,
  },
  {
    failure: {
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: 'bad key' } },
    },
    disables: true,
  },
  { failure: { status: 403 }, disables: true },
  { failure: { status: 402 }, restsKeyFor: 5 * HOUR },
  {
    failure: { status: 404, body: { error: { code: 'model_not_found', message: 'no' } } },
    restsModelFor: () => HOUR,
  },
  { failure: { status: 500 } },
  { failure: { networkError: { code: 'ECONNRESET', message: 'reset' } } },
  { failure: { status: 400, body: { error: { code: 'context_length_exceeded', message: 'too long' } } } },
];

type Step =
  | { kind: 'acquire'; route: number; excludeMask: number }
  | { kind: 'success'; lease: number; spentWindowMs: number | null }
  | { kind: 'failure'; lease: number; failure: number }
  | { kind: 'abort'; lease: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'reinstate'; key: number }
  | { kind: 'toggle'; key: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('acquire' as const),
      route: fc.nat(ROUTES.length - 1),
      excludeMask: fc.oneof(fc.constant(0), fc.nat(31)),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('success' as const),
      lease: fc.nat(),
      spentWindowMs: fc.option(fc.integer({ min: 1, max: 20_000 }), { freq: 4 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('failure' as const),
      lease: fc.nat(),
      failure: fc.nat(FAILURES.length - 1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), lease: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(fc.integer({ min: 1, max: 15_000 }), fc.integer({ min: 1, max: 6 * HOUR })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('reinstate' as const), key: fc.nat(KEYS.length - 1) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('toggle' as const), key: fc.nat(KEYS.length - 1) }) },
);

/** What the test knows independently of the pool: the least each failure must have rested or disabled. */
class Oracle {
  private readonly modelRestUntil = new Map<string, number>();
  private readonly keyRestUntil = new Map<string, number>();
  private readonly authFailed = new Set<string>();
  readonly adminDisabled = new Set<string>();

  restModel(keyId: string, model: string, until: number): void {
    const field = `${keyId}/${model}`;
    this.modelRestUntil.set(field, Math.max(this.modelRestUntil.get(field) ?? 0, until));
  }

  restKey(keyId: string, until: number): void {
    this.keyRestUntil.set(keyId, Math.max(this.keyRestUntil.get(keyId) ?? 0, until));
  }

  disable(keyId: string): void {
    this.authFailed.add(keyId);
  }

  reinstate(keyId: string): void {
    this.authFailed.delete(keyId);
    this.keyRestUntil.delete(keyId);
  }

  whyNot(keyId: string, model: string, now: number): string | undefined {
    if (this.authFailed.has(keyId)) return 'disabled after an auth failure';
    if (this.adminDisabled.has(keyId)) return 'disabled by an admin';
    if ((this.keyRestUntil.get(keyId) ?? 0) > now) return 'resting key-wide';
    if ((this.modelRestUntil.get(`${keyId}/${model}`) ?? 0) > now) return 'resting for this model';
    return undefined;
  }
}

/** Throws instead of asserting: this runs after every step of thousands of sequences. */
function checkCounts(pool: ReturnType<typeof createHarness>['pool'], leases: readonly Lease[]): void {
  const outstanding = leases.filter((lease) => !lease.released).length;
  const stats = pool.stats();
  if (stats.inFlight !== outstanding || stats.activeLeases !== outstanding) {
    throw new Error(`${outstanding} leases outstanding but the pool counts ${JSON.stringify(stats)}`);
  }
  for (const view of pool.snapshot()) {
    let modelSum = 0;
    for (const model of view.models) {
      if (model.inFlight < 0)
        throw new Error(`${view.keyId} × ${model.model} has ${model.inFlight} in flight`);
      modelSum += model.inFlight;
    }
    if (view.inFlight < 0 || modelSum !== view.inFlight) {
      throw new Error(`${view.keyId} has ${view.inFlight} in flight, its models ${modelSum}`);
    }
  }
}

describe('over random sequences of requests, answers, time and admin actions', () => {
  it('never hands out a resting or disabled key, keeps in-flight counts exact, and releases every lease once', () => {
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { minLength: 1, maxLength: 150, size: 'max' }),
        fc.array(fc.nat(3), { maxLength: 200, size: 'max' }),
        (steps, finalOutcomes) => {
          const { pool, clock } = createHarness(KEYS, { leaseTtlMs: 10 * 60_000 });
          const oracle = new Oracle();
          const leases: Lease[] = [];
          const pickLease = (index: number): Lease | undefined =>
            leases.length ? leases[index % leases.length] : undefined;

          for (const step of steps) {
            const now = clock.now();
            switch (step.kind) {
              case 'acquire': {
                const excluded = KEY_IDS.filter((_, index) => (step.excludeMask >> index) & 1);
                const lease = pool.tryAcquire(ROUTES[step.route] as RouteInput, { exclude: excluded });
                if (!lease) break;
                if (excluded.includes(lease.keyId))
                  throw new Error(`${lease.keyId} was excluded but handed out`);
                const reason = oracle.whyNot(lease.keyId, lease.model, now);
                if (reason) throw new Error(`${lease.keyId} × ${lease.model} handed out while ${reason}`);
                leases.push(lease);
                break;
              }
              case 'success': {
                const lease = pickLease(step.lease);
                if (!lease) break;
                const wasActive = !lease.released;
                const headers =
                  step.spentWindowMs === null
                    ? undefined
                    : {
                        'x-ratelimit-remaining-requests': '0',
                        'x-ratelimit-reset-requests': `${step.spentWindowMs}ms`,
                      };
                lease.success({ promptTokens: 10, completionTokens: 5 }, headers);
                if (wasActive && step.spentWindowMs !== null)
                  oracle.restModel(lease.keyId, lease.model, now + step.spentWindowMs);
                break;
              }
              case 'failure': {
                const lease = pickLease(step.lease);
                if (!lease) break;
                const wasActive = !lease.released;
                const failureCase = FAILURES[step.failure] as FailureCase;
                lease.failure(failureCase.failure);
                if (!wasActive) break;
                if (failureCase.disables) oracle.disable(lease.keyId);
                if (failureCase.restsKeyFor) oracle.restKey(lease.keyId, now + failureCase.restsKeyFor);
                if (failureCase.restsModelFor)
                  oracle.restModel(lease.keyId, lease.model, now + failureCase.restsModelFor(now));
                break;
              }
              case 'abort':
                pickLease(step.lease)?.abort();
                break;
              case 'advance':
                clock.advance(step.ms);
                break;
              case 'reinstate': {
                const keyId = KEY_IDS[step.key] as string;
                pool.reinstate(keyId);
                oracle.reinstate(keyId);
                break;
              }
              case 'toggle': {
                const keyId = KEY_IDS[step.key] as string;
                const disable = !oracle.adminDisabled.has(keyId);
                pool.updateKey(keyId, { status: disable ? 'disabled' : 'active' });
                if (disable) oracle.adminDisabled.add(keyId);
                else oracle.adminDisabled.delete(keyId);
                break;
              }
            }
            checkCounts(pool, leases);
          }

          leases.forEach((lease, index) => {
            const choice = finalOutcomes[index % Math.max(1, finalOutcomes.length)] ?? 0;
            if (choice === 0) lease.success();
            else if (choice === 1) lease.failure({ status: 503 });
            else if (choice === 2) lease.abort();
            else lease.failure({ status: 429 });
          });
          expect(leases.every((lease) => lease.released)).toBe(true);
          checkCounts(pool, leases);
          expect(pool.stats().inFlight).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

interface Arrival {
  gapMs: number;
  holdMs: number;
}

describe('load spreading under equal weights and no errors', () => {
  // Durations are drawn per request, independent of which key serves it. A duration pattern that repeats in step
  // with the rotation would keep handing the slow requests to the same key; least-in-flight then rightly sends
  // that busier key fewer requests, which is balancing load rather than a fault.
  const workload = fc.integer({ min: 2, max: 12 }).chain((keyCount) =>
    fc.tuple(
      fc.constant(keyCount),
      fc.array(
        fc.record({ gapMs: fc.integer({ min: 0, max: 20 }), holdMs: fc.integer({ min: 1, max: 400 }) }),
        {
          minLength: 500 * keyCount,
          maxLength: 500 * keyCount,
        },
      ),
    ),
  );

  it('stays within ±10% of the mean per key with overlapping requests', () => {
    fc.assert(
      fc.property(workload, ([keyCount, arrivals]: [number, Arrival[]]) => {
        const keys = Array.from({ length: keyCount }, (_, index) => openAiKey(`k${index}`));
        const { pool, clock } = createHarness(keys);
        const running: { endsAt: number; lease: Lease }[] = [];
        const picks = new Map<string, number>();
        for (const arrival of arrivals) {
          clock.advance(arrival.gapMs);
          const now = clock.now();
          for (let position = running.length - 1; position >= 0; position -= 1) {
            const entry = running[position]!;
            if (entry.endsAt <= now) {
              entry.lease.success();
              running.splice(position, 1);
            }
          }
          const lease = leaseNow(pool, 'openai/gpt-4o');
          picks.set(lease.keyId, (picks.get(lease.keyId) ?? 0) + 1);
          running.push({ endsAt: now + arrival.holdMs, lease });
        }
        const mean = arrivals.length / keyCount;
        for (const key of keys) {
          const count = picks.get(key.id) ?? 0;
          expect(Math.abs(count - mean)).toBeLessThanOrEqual(mean * 0.1);
        }
        for (const entry of running) entry.lease.success();
        expect(pool.stats().inFlight).toBe(0);
      }),
      { numRuns: 80 },
    );
  });

  it('is exact round-robin for one request at a time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 500 }), (keyCount, requests) => {
        const { pool } = createHarness(
          Array.from({ length: keyCount }, (_, index) => openAiKey(`k${index}`)),
        );
        const picks = new Map<string, number>();
        for (let index = 0; index < requests; index += 1) {
          const lease = leaseNow(pool, 'openai/gpt-4o');
          picks.set(lease.keyId, (picks.get(lease.keyId) ?? 0) + 1);
          lease.success();
        }
        const counts = [...picks.values()];
        expect(
          Math.max(...counts) - (counts.length < keyCount ? 0 : Math.min(...counts)),
        ).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('follows weights within ±10%', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 6 }), (weights) => {
        const { pool } = createHarness(weights.map((weight, index) => openAiKey(`k${index}`, { weight })));
        const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
        const requests = 200 * totalWeight;
        const picks = new Map<string, number>();
        for (let index = 0; index < requests; index += 1) {
          const lease = leaseNow(pool, 'openai/gpt-4o');
          picks.set(lease.keyId, (picks.get(lease.keyId) ?? 0) + 1);
          lease.success();
        }
        weights.forEach((weight, index) => {
          const expected = (requests * weight) / totalWeight;
          expect(Math.abs((picks.get(`k${index}`) ?? 0) - expected)).toBeLessThanOrEqual(expected * 0.1);
        });
      }),
      { numRuns: 50 },
    );
  });
});
