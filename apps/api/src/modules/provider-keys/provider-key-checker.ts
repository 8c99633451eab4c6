import { Inject, Injectable } from '@nestjs/common';
import { redactSecrets, testKey } from '@switchyard/providers';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { type ProviderType } from '../../database/generated/enums.js';

export interface KeyCheckTarget {
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
}

const MAX_ERROR_LENGTH = 500;

/** One cheap live call (listing models) proving the provider accepts a key. Never throws. */
@Injectable()
export class ProviderKeyChecker {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  /** `requestId` ties the log lines to the admin request that asked for the check, when there is one. */
  async check(target: KeyCheckTarget, secret: string, requestId?: string): Promise<KeyCheck> {
    const started = performance.now();
    try {
      const result = await testKey(
        { type: target.type, baseUrl: target.baseUrl, model: '', apiKey: secret },
        { probe: 'list_models' },
      );
      const check: KeyCheck = result.ok
        ? { ok: true, latencyMs: result.latencyMs }
        : {
            ok: false,
            latencyMs: result.latencyMs,
            error: safeReason(result.error?.message ?? `HTTP ${result.status ?? 'error'}`, secret),
            ...(result.error ? { errorClass: result.error.errorClass } : {}),
          };
      this.logger.debug({ requestId, baseUrl: target.baseUrl, ...check }, 'provider key checked');
      return check;
    } catch (error) {
      // testKey answers every upstream failure itself; this is a bug or a malformed URL, not the key's fault.
      this.logger.warn(
        { requestId, errorName: (error as Error).name, baseUrl: target.baseUrl },
        'key check failed locally',
      );
      return {
        ok: false,
        latencyMs: Math.round(performance.now() - started),
        error: safeReason(`could not call the provider: ${(error as Error).message}`, secret),
      };
    }
  }
}

export function safeReason(reason: string, secret: string): string {
  const redacted = redactSecrets(reason, secret).split(secret).join('[redacted]');
  return redacted.length > MAX_ERROR_LENGTH ? `${redacted.slice(0, MAX_ERROR_LENGTH - 1)}…` : redacted;
}
