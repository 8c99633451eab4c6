import { Inject, Injectable } from '@nestjs/common';
import { type HeaderBag } from '@switchyard/key-pool';
import {
  isOpenRouterUrl,
  type KeyProbe,
  type OpenRouterKeyInfo,
  readOpenRouterKeyInfo,
  redactSecrets,
  testKey,
} from '@switchyard/providers';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { type ProviderType } from '../../database/generated/enums.js';

export interface KeyCheckTarget {
  name: string;
  type: ProviderType;
  baseUrl: string;
}

export interface KeyCheck {
  ok: boolean;
  latencyMs: number;
  /** The provider's reason, with the secret and anything shaped like a key removed. */
  error?: string;
  /** The failure class (`auth`, `rate_limit`, `timeout`…), when the key failed. */
  errorClass?: string;
  /** The answer's headers (rate limits), when one came. */
  headers?: HeaderBag;
}

const MAX_ERROR_LENGTH = 500;

/** OpenRouter by name (the built-in, wherever it points) or by its host. */
export function isOpenRouter(target: Pick<KeyCheckTarget, 'name' | 'baseUrl'>): boolean {
  return target.name === 'openrouter' || isOpenRouterUrl(target.baseUrl);
}

/** Live calls that need the key itself. Never throw: every failure is a failed check with a safe reason. */
@Injectable()
export class ProviderKeyChecker {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  /**
   * Before a key is saved: a free call that a wrong key fails. OpenRouter answers `/models` to anyone, so its key
   * endpoint is asked instead; the others list models.
   */
  check(target: KeyCheckTarget, secret: string, requestId?: string): Promise<KeyCheck> {
    return this.run(target, secret, isOpenRouter(target) ? 'key_info' : 'list_models', '', requestId);
  }

  /**
   * Proof that the key can serve: a 1-token completion on `model`. A key with no quota or credit lists models
   * happily; only this puts a key back in service.
   */
  probe(target: KeyCheckTarget, secret: string, model: string, requestId?: string): Promise<KeyCheck> {
    return this.run(target, secret, 'completion', model, requestId);
  }

  /** OpenRouter's own figures for the key: credit limit, usage, rate limit. */
  async openRouterKey(
    target: KeyCheckTarget,
    secret: string,
  ): Promise<{ check: KeyCheck; info: OpenRouterKeyInfo | null }> {
    const result = await this.call(target, secret, 'key_info', '', true);
    return { check: result.check, info: result.check.ok ? readOpenRouterKeyInfo(result.body) : null };
  }

  private async run(
    target: KeyCheckTarget,
    secret: string,
    probe: KeyProbe,
    model: string,
    requestId: string | undefined,
  ): Promise<KeyCheck> {
    const { check } = await this.call(target, secret, probe, model, false);
    const { headers: _headers, ...logged } = check;
    this.logger.debug(
      { requestId, baseUrl: target.baseUrl, probe, model, ...logged },
      'provider key checked',
    );
    return check;
  }

  private async call(
    target: KeyCheckTarget,
    secret: string,
    probe: KeyProbe,
    model: string,
    readBody: boolean,
  ): Promise<{ check: KeyCheck; body?: unknown }> {
    const started = performance.now();
    try {
      const result = await testKey(
        { type: target.type, baseUrl: target.baseUrl, model, apiKey: secret },
        { probe, readBody },
      );
      const headers = result.headers ? { headers: result.headers } : {};
      if (result.ok)
        return { check: { ok: true, latencyMs: result.latencyMs, ...headers }, body: result.body };
      return {
        check: {
          ok: false,
          latencyMs: result.latencyMs,
          error: safeReason(result.error?.message ?? `HTTP ${result.status ?? 'error'}`, secret),
          ...(result.error ? { errorClass: result.error.errorClass } : {}),
          ...headers,
        },
      };
    } catch (error) {
      // testKey answers every upstream failure itself; this is a bug or a malformed URL, not the key's fault.
      this.logger.warn(
        { errorName: (error as Error).name, baseUrl: target.baseUrl },
        'key check failed locally',
      );
      return {
        check: {
          ok: false,
          latencyMs: Math.round(performance.now() - started),
          error: safeReason(`could not call the provider: ${(error as Error).message}`, secret),
        },
      };
    }
  }
}

export function safeReason(reason: string, secret: string): string {
  const redacted = redactSecrets(reason, secret).split(secret).join('[redacted]');
  return redacted.length > MAX_ERROR_LENGTH ? `${redacted.slice(0, MAX_ERROR_LENGTH - 1)}…` : redacted;
}
