import type { ClassifiedError, ErrorClass, UpstreamFailure } from './error-class.js';
import { ERROR_POLICY } from './error-policy.js';
import { readProviderError, type ProviderErrorFacts } from './provider-error.js';
import { upstreamRetryHint } from './retry-hints.js';
import { safeMessage } from './safe-message.js';

interface Evidence {
  status: number | undefined;
  facts: ProviderErrorFacts;
  /** Messages lower-cased once for the pattern rules. */
  text: string;
  network: UpstreamFailure['networkError'];
}

interface ClassificationRule {
  errorClass: ErrorClass;
  /** Why the rule exists, for whoever reads the table. */
  because: string;
  matches(evidence: Evidence): boolean;
}

function hasToken(evidence: Evidence, ...tokens: string[]): boolean {
  return tokens.some((token) => evidence.facts.tokens.has(token));
}

function statusIn(evidence: Evidence, ...statuses: number[]): boolean {
  return evidence.status !== undefined && statuses.includes(evidence.status);
}

const RATE_LIMIT_TOKENS = [
  'rate_limit_exceeded',
  'rate_limit_error',
  'resource_exhausted',
  'too_many_requests',
];
const PER_DAY = /per[ _-]?day|daily|perday/i;

function looksRateLimited(evidence: Evidence): boolean {
  return (
    statusIn(evidence, 429) ||
    hasToken(evidence, ...RATE_LIMIT_TOKENS) ||
    evidence.text.includes('rate limit')
  );
}

/** First match wins: specific provider codes come before the HTTP status they usually arrive with. */
const RULES: readonly ClassificationRule[] = [
  {
    errorClass: 'timeout',
    because: 'No HTTP answer at all: refused, reset, timed out or aborted on the way.',
    matches: (e) => e.status === undefined && e.network !== undefined,
  },
  {
    errorClass: 'billing',
    because:
      'OpenAI insufficient_quota is "out of credits or monthly spend", not a daily window; OpenRouter uses 402.',
    matches: (e) =>
      statusIn(e, 402) ||
      hasToken(
        e,
        'insufficient_quota',
        'billing_hard_limit_reached',
        'billing_not_active',
        'insufficient_credits',
      ) ||
      /credit balance is too low|insufficient (?:credits|balance|funds)|purchase (?:more )?credits/.test(
        e.text,
      ),
  },
  {
    errorClass: 'auth',
    because:
      'Gemini reports a bad key as 400 INVALID_ARGUMENT with reason API_KEY_INVALID, so codes beat statuses.',
    matches: (e) =>
      statusIn(e, 401) ||
      hasToken(
        e,
        'invalid_api_key',
        'authentication_error',
        'unauthenticated',
        'api_key_invalid',
        'invalid_authentication',
        'account_deactivated',
      ) ||
      /api key not valid|incorrect api key|invalid (?:x-)?api[ _-]?key/.test(e.text),
  },
  {
    errorClass: 'bad_request',
    because:
      'OpenRouter answers 403 when the prompt was flagged by moderation: the content is at fault, not the key.',
    matches: (e) =>
      hasToken(e, 'content_policy_violation', 'content_filter') || /flagged|moderation/.test(e.text),
  },
  {
    errorClass: 'forbidden',
    because: 'Permission errors concern the key or its account, whichever model is asked for.',
    matches: (e) =>
      statusIn(e, 403) ||
      hasToken(e, 'permission_error', 'permission_denied', 'unsupported_country_region_territory'),
  },
  {
    errorClass: 'quota_exhausted',
    because:
      'A per-day window (Gemini QuotaFailure "…PerDay…", OpenRouter free-models-per-day) lasts until its reset.',
    matches: (e) =>
      looksRateLimited(e) && (e.facts.quotaIds.some((id) => PER_DAY.test(id)) || PER_DAY.test(e.text)),
  },
  {
    errorClass: 'rate_limit',
    because: 'Short windows: requests or tokens per minute.',
    matches: looksRateLimited,
  },
  {
    errorClass: 'bad_request',
    because: 'A prompt too long for the model fails on every key alike.',
    matches: (e) =>
      hasToken(e, 'context_length_exceeded', 'string_above_max_length', 'request_too_large') ||
      /context length|context window|prompt is too long|too many tokens/.test(e.text),
  },
  {
    errorClass: 'model_not_found',
    because: 'A key may lack access to one model yet serve others.',
    matches: (e) =>
      statusIn(e, 404) ||
      hasToken(e, 'model_not_found', 'not_found_error', 'not_found') ||
      /model\b.*\b(?:does not exist|not found|is not supported)|no endpoints found|not a valid model/.test(
        e.text,
      ),
  },
  {
    errorClass: 'timeout',
    because: 'The upstream or a proxy in front of it gave up waiting.',
    matches: (e) => statusIn(e, 408, 504, 524) || hasToken(e, 'deadline_exceeded', 'timeout'),
  },
  {
    errorClass: 'server',
    because:
      'Overloaded (Anthropic 529, Gemini UNAVAILABLE) or broken upstream: another key or provider may do.',
    matches: (e) =>
      (e.status !== undefined && e.status >= 500) ||
      hasToken(e, 'overloaded_error', 'api_error', 'server_error', 'unavailable', 'internal'),
  },
  {
    errorClass: 'bad_request',
    because: 'Any other 4xx is about the request itself.',
    matches: (e) => e.status !== undefined && e.status >= 400 && e.status < 500,
  },
];

export const CLASSIFICATION_RULES: readonly Pick<ClassificationRule, 'errorClass' | 'because'>[] = RULES;

function describe(errorClass: ErrorClass, evidence: Evidence): string {
  const parts: string[] = [errorClass];
  if (evidence.status !== undefined) parts.push(`HTTP ${evidence.status}`);
  if (evidence.network) parts.push(evidence.network.code ?? evidence.network.name ?? 'network error');
  if (evidence.facts.primaryCode !== undefined) parts.push(evidence.facts.primaryCode);
  const detail = evidence.facts.message || evidence.network?.message || '';
  return safeMessage(detail === '' ? parts.join(' ') : `${parts.join(' ')}: ${detail}`);
}

/**
 * Decides what an upstream failure means for the pool. Unrecognised failures count as `server`
 * so that the request moves on to another key rather than failing the client.
 */
export function classifyUpstreamError(failure: UpstreamFailure, now: number = Date.now()): ClassifiedError {
  const facts = readProviderError(failure.body);
  const evidence: Evidence = {
    status: failure.status,
    facts,
    text: facts.message.toLowerCase(),
    network: failure.networkError,
  };
  const errorClass = RULES.find((rule) => rule.matches(evidence))?.errorClass ?? 'server';
  const policy = ERROR_POLICY[errorClass];
  const isRateLimit = errorClass === 'rate_limit' || errorClass === 'quota_exhausted';
  const retryAfterMs = upstreamRetryHint(failure.headers, facts, now, isRateLimit);
  const classified: ClassifiedError = {
    errorClass,
    rotate: policy.rotate,
    scope: policy.scope,
    message: describe(errorClass, evidence),
  };
  if (retryAfterMs !== undefined) classified.retryAfterMs = retryAfterMs;
  if (failure.status !== undefined) classified.status = failure.status;
  if (facts.primaryCode !== undefined) classified.providerCode = facts.primaryCode;
  return classified;
}
