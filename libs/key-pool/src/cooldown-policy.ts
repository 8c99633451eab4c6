const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Opens after `failureThreshold` failures within `windowMs`, and stays open for `openMs`. */
export interface CircuitBreakerPolicy {
  failureThreshold: number;
  windowMs: number;
  openMs: number;
}

/** How long each class of failure rests a key when the upstream gave no hint of its own. */
export interface CooldownPolicy {
  /** Escalating steps for consecutive rate limits on one key × model; the last step repeats. */
  rateLimitMs: readonly number[];
  /** Escalating steps for billing failures of a whole key. */
  billingMs: readonly number[];
  /** Steps for a model a key cannot reach. */
  modelNotFoundMs: readonly number[];
  /** Server errors and timeouts: a key × model rests only after repeated failures (LiteLLM's `allowed_fails`). */
  breaker: CircuitBreakerPolicy;
  /** Escalation steps (and breaker failures) forgiven by each success. */
  successDecay: number;
  /** Upstream hints beyond this are treated as this: a typo'd header must not bench a key for a year. */
  maxHintMs: number;
  /** Proactive cooling when a window reports nothing remaining but not when it resets. */
  proactiveFallbackMs: number;
}

export type CooldownPolicyOverrides = Partial<Omit<CooldownPolicy, 'breaker'>> & {
  breaker?: Partial<CircuitBreakerPolicy>;
};

export const DEFAULT_COOLDOWN_POLICY: CooldownPolicy = Object.freeze({
  rateLimitMs: Object.freeze([10 * SECOND, 30 * SECOND, 60 * SECOND, 120 * SECOND, 300 * SECOND]),
  billingMs: Object.freeze([5 * HOUR, 10 * HOUR, 20 * HOUR, 24 * HOUR]),
  modelNotFoundMs: Object.freeze([HOUR]),
  breaker: Object.freeze({ failureThreshold: 3, windowMs: MINUTE, openMs: 30 * SECOND }),
  successDecay: 1,
  maxHintMs: 24 * HOUR,
  proactiveFallbackMs: SECOND,
});

function checkSteps(name: string, steps: readonly number[]): readonly number[] {
  if (steps.length === 0 || steps.some((step) => !(step >= 0))) {
    throw new RangeError(`Cooldown ${name} needs at least one non-negative step`);
  }
  return steps;
}

export function resolveCooldownPolicy(overrides: CooldownPolicyOverrides = {}): CooldownPolicy {
  const breaker = { ...DEFAULT_COOLDOWN_POLICY.breaker, ...overrides.breaker };
  if (!(breaker.failureThreshold >= 1)) throw new RangeError('breaker.failureThreshold must be at least 1');
  const policy: CooldownPolicy = { ...DEFAULT_COOLDOWN_POLICY, ...overrides, breaker };
  checkSteps('rateLimitMs', policy.rateLimitMs);
  checkSteps('billingMs', policy.billingMs);
  checkSteps('modelNotFoundMs', policy.modelNotFoundMs);
  if (!(policy.successDecay >= 0)) throw new RangeError('successDecay must be non-negative');
  return policy;
}

/** The cooldown for the `level`-th consecutive failure (1-based); past the end of the schedule, its last step. */
export function escalationStep(steps: readonly number[], level: number): number {
  const index = Math.min(Math.max(level, 1), steps.length) - 1;
  return steps[index] ?? 0;
}
