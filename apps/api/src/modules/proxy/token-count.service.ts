import { Injectable } from '@nestjs/common';
import { type Lease } from '@switchyard/key-pool';
import {
  anthropicCountTokensRequest,
  callUpstream,
  estimatePromptTokens,
  readUpstreamFailure,
  redactFailure,
} from '@switchyard/providers';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { validationFailure } from '../../common/validation/zod-validation.pipe.js';
import { GatewayKeyPool } from '../gateway-pool/gateway-key-pool.js';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { ProxyAdmission } from './proxy-admission.js';
import { type JsonBody, tokenCountSchema } from './proxy-request.schemas.js';

/** Counting is quick: an upstream that takes longer than this is not waited for, and the estimate answers. */
const UPSTREAM_COUNT_TIMEOUT_MS = 10_000;

/**
 * `POST /v1/messages/count_tokens` and `POST /v1/token-count`: a prompt's tokens. When the key the route would use
 * is Anthropic's, Anthropic's own `count_tokens` answers (its answer, error included, is relayed as it is);
 * otherwise, or with no key free, the gateway's estimate does.
 */
@Injectable()
export class TokenCountService {
  constructor(
    private readonly admission: ProxyAdmission,
    private readonly keys: GatewayKeyPool,
  ) {}

  async count(request: FastifyRequest, reply: FastifyReply, format: 'openai' | 'anthropic') {
    const principal = await this.admission.authenticate(request);
    const parsed = tokenCountSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw validationFailure(parsed.error, 'request');
    if (format === 'anthropic') {
      const lease = this.leaseFor(principal, parsed.data.model);
      if (lease && (await this.askAnthropic(lease, parsed.data, request, reply))) return;
    }
    const tokens = estimatePromptTokens(format, parsed.data);
    void reply.status(200).send(format === 'openai' ? { prompt_tokens: tokens } : { input_tokens: tokens });
  }

  /**
   * A key of the route's, as a call would lease it; none when the model is not one the token may route to, or
   * no key is free right now: counting never waits.
   */
  private leaseFor(principal: ProxyTokenPrincipal, model: string): Lease | undefined {
    try {
      const route = this.admission.targets(principal, model, false).map((t) => `${t.provider}/${t.model}`);
      return this.keys.tryAcquire(route, []);
    } catch {
      return undefined;
    }
  }

  /** True when Anthropic answered (and the answer was sent); false when the key is not Anthropic's. */
  private async askAnthropic(
    lease: Lease,
    body: JsonBody,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<boolean> {
    const target = this.keys.targetOf(lease);
    if (target?.type !== 'anthropic') {
      lease.abort();
      return false;
    }
    try {
      const upstream = await callUpstream(anthropicCountTokensRequest(body, target, request.headers), {
        headersTimeoutMs: UPSTREAM_COUNT_TIMEOUT_MS,
        bodyIdleTimeoutMs: UPSTREAM_COUNT_TIMEOUT_MS,
      });
      if (upstream.status >= 400) {
        const failure = redactFailure(await readUpstreamFailure(upstream), target.apiKey);
        lease.failure(failure);
        void reply
          .status(failure.status ?? 502)
          .header('content-type', 'application/json')
          .send(failure.body);
        return true;
      }
      const raw = await upstream.readBody();
      lease.success(undefined, upstream.headers);
      void reply.status(200).header('content-type', 'application/json').send(raw);
      return true;
    } catch {
      lease.abort();
      return false;
    }
  }
}
