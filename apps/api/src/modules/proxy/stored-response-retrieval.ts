import { Inject, Injectable } from '@nestjs/common';
import { callUpstream, storedResponseRequest, UpstreamError } from '@switchyard/providers';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { GatewayKeyPool } from '../gateway-pool/gateway-key-pool.js';
import { type StoredResponseOrigin } from './stored-responses.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';

/** What the upstream answered for a stored response: its own status and body, passed on unchanged. */
export interface StoredResponseAnswer {
  status: number;
  body: Buffer;
  upstreamMs: number;
}

/**
 * Fetches a stored Responses answer from the key that created it. It spends no tokens, so it takes no lease: a
 * key cooling down for rate limits can still be asked.
 */
@Injectable()
export class StoredResponseRetrieval {
  constructor(
    private readonly keys: GatewayKeyPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async fetch(origin: StoredResponseOrigin, id: string): Promise<StoredResponseAnswer> {
    const target = this.keys.targetOfKey(origin.keyId, origin.model);
    if (!target)
      throw new ProxyException(
        ProxyErrorCode.ResponseNotFound,
        `The key that stored response '${id}' is no longer in service`,
        'response_id',
      );
    const startedAt = performance.now();
    try {
      const upstream = await callUpstream(storedResponseRequest(target, id), {
        headersTimeoutMs: this.config.upstreamTimeoutMs,
        bodyIdleTimeoutMs: this.config.streamIdleTimeoutMs,
      });
      const body = await upstream.readBody();
      return { status: upstream.status, body, upstreamMs: performance.now() - startedAt };
    } catch (error) {
      const detail = error instanceof UpstreamError ? `: ${error.message}` : '';
      throw new ProxyException(ProxyErrorCode.UpstreamFailed, `The provider did not answer${detail}`);
    }
  }
}
