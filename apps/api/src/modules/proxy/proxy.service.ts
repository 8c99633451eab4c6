import { Inject, Injectable } from '@nestjs/common';
import { type ClientFormat, prepareChat, prepareEmbeddings } from '@switchyard/providers';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { validationFailure } from '../../common/validation/zod-validation.pipe.js';
import { CreditGate } from '../credits/credit-gate.js';
import { type CreditReservation } from '../credits/credit-reservation.js';
import { GatewayKeyPool } from '../key-state/gateway-key-pool.js';
import { costMicros, type ModelPrice } from '../pricing/model-price.js';
import { PricingCatalog } from '../pricing/pricing-catalog.js';
import { ProxyTokenAuthenticator } from '../proxy-tokens/proxy-token.authenticator.js';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { RouteCatalog } from '../routes/route-catalog.js';
import { type RouteTarget } from '../routes/route-target.js';
import { SettingsService } from '../settings/settings.service.js';
import { UsageRecorder } from '../usage/usage-recorder.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { CallRecord } from './call-record.js';
import { ClientDisconnect } from './client-disconnect.js';
import { allowedTargets } from './model-access.js';
import {
  chatRequestSchema,
  embeddingsRequestSchema,
  type JsonBody,
  messagesRequestSchema,
} from './proxy-request.schemas.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';
import { isPlainChatRequest, isPlainMessagesRequest } from './request-fast-checks.js';
import { TokenRateLimiter } from './token-rate-limiter.js';
import { type Exchange, UpstreamRelay } from './upstream-relay.js';

/** When a request names no output limit, the credit reservation assumes this many completion tokens. */
const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
/** Prompt tokens are reserved from the body size: no tokenizer on the hot path, and never an underestimate. */
const BYTES_PER_RESERVED_TOKEN = 2;

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Bearer\s+/i.test(header))
    return header.replace(/^Bearer\s+/i, '').trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  isPlain?: (body: JsonBody) => boolean,
): z.infer<T> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyException(ProxyErrorCode.InvalidRequest, 'Request body must be a JSON object');
  }
  if (isPlain?.(body as JsonBody)) return body as z.infer<T>;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationFailure(parsed.error, 'request');
  return parsed.data;
}

interface Prepared {
  principal: ProxyTokenPrincipal;
  record: CallRecord;
  targets: RouteTarget[];
  reservation: CreditReservation;
  disconnect: ClientDisconnect;
}

/**
 * The /v1 request path: authenticate, check the allow-list and limits, reserve credit, relay through the key
 * pool, then settle credit and queue the usage event. No database is written here, and none is read that a
 * cache can serve.
 */
@Injectable()
export class ProxyService {
  constructor(
    private readonly tokens: ProxyTokenAuthenticator,
    private readonly routes: RouteCatalog,
    private readonly pricing: PricingCatalog,
    private readonly settings: SettingsService,
    private readonly credits: CreditGate,
    private readonly limiter: TokenRateLimiter,
    private readonly gateway: GatewayKeyPool,
    private readonly usage: UsageRecorder,
    private readonly metrics: GatewayMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async authenticate(request: FastifyRequest): Promise<ProxyTokenPrincipal> {
    return (
      this.authenticateFromCache(request) ??
      this.principalOrRefuse(await this.tokens.authenticate(this.tokenOf(request)))
    );
  }

  /** The caller's principal when the token cache decides, which is every request but a token's first. */
  private authenticateFromCache(request: FastifyRequest): ProxyTokenPrincipal | undefined {
    const known = this.tokens.authenticateFromCache(this.tokenOf(request));
    return known === undefined ? undefined : this.principalOrRefuse(known);
  }

  private tokenOf(request: FastifyRequest): string {
    const token = bearerToken(request);
    if (!token)
      throw new ProxyException(
        ProxyErrorCode.MissingToken,
        'Send your Switchyard token as "Authorization: Bearer sy-…"',
      );
    return token;
  }

  private principalOrRefuse(principal: ProxyTokenPrincipal | null): ProxyTokenPrincipal {
    if (!principal)
      throw new ProxyException(ProxyErrorCode.InvalidToken, 'The token is invalid, revoked or expired');
    return principal;
  }

  async chat(client: ClientFormat, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = this.authenticateFromCache(request) ?? (await this.authenticate(request));
    const body = this.parseOrRecord(
      client === 'openai' ? chatRequestSchema : messagesRequestSchema,
      principal,
      request,
      reply,
      client === 'openai' ? isPlainChatRequest : isPlainMessagesRequest,
    ) as JsonBody & { model: string; stream?: boolean };
    const stream = body.stream === true;
    const prepared = await this.prepare(principal, request, reply, body, stream);
    await this.relay(prepared, request, reply, stream, (target) =>
      prepareChat({ client, body, target, clientHeaders: request.headers }),
    );
  }

  async embeddings(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = this.authenticateFromCache(request) ?? (await this.authenticate(request));
    const body = this.parseOrRecord(embeddingsRequestSchema, principal, request, reply) as JsonBody & {
      model: string;
    };
    const prepared = await this.prepare(principal, request, reply, body, false);
    await this.relay(
      prepared,
      request,
      reply,
      false,
      (target) => prepareEmbeddings(body, target) as Exchange,
    );
  }

  /** A malformed request from a known token still leaves a usage row, so its team can see the refusals. */
  private parseOrRecord<T extends z.ZodType>(
    schema: T,
    principal: ProxyTokenPrincipal,
    request: FastifyRequest,
    reply: FastifyReply,
    isPlain?: (body: JsonBody) => boolean,
  ): z.infer<T> {
    try {
      return parseBody(schema, request.body, isPlain);
    } catch (error) {
      const body = request.body as { model?: unknown } | undefined;
      const model = typeof body?.model === 'string' ? body.model.slice(0, 300) : null;
      this.finishRefused(
        new CallRecord(request.id, request.url.split('?')[0] ?? request.url, false, model, principal),
        reply,
        error,
      );
      throw error;
    }
  }

  private async prepare(
    principal: ProxyTokenPrincipal,
    request: FastifyRequest,
    reply: FastifyReply,
    body: JsonBody & { model: string },
    stream: boolean,
  ): Promise<Prepared> {
    const record = new CallRecord(
      request.id,
      request.url.split('?')[0] ?? request.url,
      stream,
      body.model,
      principal,
    );
    try {
      const targets = this.resolveTargets(principal, body.model);
      const promptTokens = Math.ceil(
        Number(request.headers['content-length'] ?? 0) / BYTES_PER_RESERVED_TOKEN,
      );
      // Awaited only when there is something to wait for: every await on this path costs every request.
      if (!this.limiter.isUnlimited(principal)) await this.limiter.admit(principal, promptTokens);
      const maxCost = this.maxCost(targets, promptTokens, body);
      const reservation =
        this.credits.reserveNow(principal.teamId, maxCost) ??
        (await this.credits.reserve(principal.teamId, maxCost));
      const disconnect = new ClientDisconnect();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) disconnect.abort();
      });
      return { principal, record, targets, reservation, disconnect };
    } catch (error) {
      this.finishRefused(record, reply, error);
      throw error;
    }
  }

  private async relay(
    prepared: Prepared,
    request: FastifyRequest,
    reply: FastifyReply,
    stream: boolean,
    prepare: (target: Parameters<typeof prepareChat>[0]['target']) => Exchange,
  ): Promise<void> {
    const { record, reservation, disconnect } = prepared;
    const relay = new UpstreamRelay(
      this.gateway,
      prepared.targets,
      record,
      {
        maxAttempts: this.config.maxAttempts,
        headersTimeoutMs: this.config.upstreamTimeoutMs,
        bodyIdleTimeoutMs: this.config.streamIdleTimeoutMs,
      },
      disconnect,
      prepare,
    );
    const commitStream = () => {
      void reply.hijack();
      // Written straight to the socket; the only header the reply holds at this point is the request id.
      reply.raw.writeHead(200, {
        'x-request-id': request.id,
        connection: 'keep-alive',
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
        'x-switchyard-attempts': String(record.attempts),
        'x-switchyard-overhead-ms': String(Math.round(record.overheadMs())),
      });
    };
    try {
      const outcome = await relay.run(stream ? reply.raw : null, commitStream);
      record.price = this.priceOf(record);
      if (outcome.kind === 'body') {
        void reply
          .status(outcome.status)
          .header('content-type', 'application/json')
          .header('x-switchyard-attempts', String(record.attempts))
          .header('x-switchyard-overhead-ms', String(Math.round(record.overheadMs())))
          .send(
            Buffer.isBuffer(outcome.body) || typeof outcome.body === 'string'
              ? outcome.body
              : JSON.stringify(outcome.body),
          );
      } else if (outcome.kind === 'client_gone' && !reply.raw.headersSent) {
        record.status = 499;
        reply.raw.destroy();
      }
    } catch (error) {
      record.price = this.priceOf(record);
      if (error instanceof ProxyException && record.status === 200)
        record.status = error.toHttpError().status;
      void reply
        .header('x-switchyard-attempts', String(record.attempts))
        .header('x-switchyard-overhead-ms', String(Math.round(record.overheadMs())));
      throw error;
    } finally {
      reservation.settle(record.cost());
      if (record.usage)
        this.limiter.record(
          prepared.principal,
          record.usage.promptTokens +
            record.usage.completionTokens -
            Number(request.headers['content-length'] ?? 0) / BYTES_PER_RESERVED_TOKEN,
        );
      this.observe(record);
    }
  }

  /** A request refused before any upstream call still leaves a usage row, so refusals show on the dashboard. */
  private finishRefused(record: CallRecord, reply: FastifyReply, error: unknown): void {
    const status =
      error instanceof ProxyException
        ? error.toHttpError().status
        : ((error as { toHttpError?: () => { status: number } }).toHttpError?.().status ?? 500);
    record.status = status;
    record.errorClass = error instanceof ProxyException ? error.code : 'refused';
    record.refused = true;
    void reply
      .header('x-switchyard-attempts', '0')
      .header('x-switchyard-overhead-ms', String(Math.round(record.overheadMs())));
    this.observe(record);
  }

  private resolveTargets(principal: ProxyTokenPrincipal, model: string): RouteTarget[] {
    const route = this.routes.resolve(model);
    if (!route) {
      throw new ProxyException(
        ProxyErrorCode.ModelNotFound,
        `Unknown model "${model}": use "provider/model" (e.g. "openai/gpt-4o-mini") or a configured alias`,
        'model',
      );
    }
    const allowed = allowedTargets(principal.allowedModels, route.alias, route.targets);
    if (allowed.length === 0) {
      throw new ProxyException(
        ProxyErrorCode.ModelNotAllowed,
        `This token may not use the model "${model}"`,
        'model',
      );
    }
    if (!this.settings.refuseUnpricedModels()) return allowed;
    const priced = allowed.filter((target) => this.pricing.priceOf(target.provider, target.model));
    if (priced.length === 0) {
      throw new ProxyException(
        ProxyErrorCode.UnpricedModel,
        `The model "${model}" has no price, and unpriced models are refused`,
        'model',
      );
    }
    return priced;
  }

  /** The most this request can cost on any of its targets: what is reserved against the team's credit. */
  private maxCost(targets: readonly RouteTarget[], promptTokens: number, body: JsonBody): bigint {
    const requested = [body.max_completion_tokens, body.max_tokens].find(
      (value) => typeof value === 'number',
    ) as number | undefined;
    const completionTokens = requested ?? DEFAULT_MAX_OUTPUT_TOKENS;
    let max = 0n;
    for (const target of targets) {
      const price = this.pricing.priceOf(target.provider, target.model);
      if (!price) continue;
      const cost = costMicros(price, { promptTokens, completionTokens });
      if (cost > max) max = cost;
    }
    return max;
  }

  private observe(record: CallRecord): void {
    const event = record.toUsageEvent();
    this.usage.record(event);
    this.metrics.observe({
      endpoint: event.endpoint,
      status: event.status,
      provider: event.provider,
      latencyMs: event.latencyMs,
      overheadMs: event.overheadMs ?? 0,
      costMicros: event.costMicros,
      teamId: event.teamId,
    });
  }

  private priceOf(record: CallRecord): ModelPrice | null {
    return record.provider && record.model ? this.pricing.priceOf(record.provider, record.model) : null;
  }
}
