import { Injectable } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { CreditGate } from '../credits/credit-gate.js';
import { type CreditReservation } from '../credits/credit-reservation.js';
import { costMicros } from '../pricing/model-price.js';
import { PriceTable } from '../pricing/price-table.js';
import { ProxyTokenAuthenticator } from '../proxy-tokens/proxy-token.authenticator.js';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { RouteTable } from '../routes/route-table.js';
import { type RouteTarget } from '../routes/route-target.js';
import { SettingsService } from '../settings/settings.service.js';
import { allowedTargets } from './model-access.js';
import { type JsonBody } from './proxy-request.schemas.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';
import { TokenRateLimiter } from './token-rate-limiter.js';

/** When a request names no output limit, the credit reservation assumes this many completion tokens. */
const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
/** Prompt tokens are reserved from the body size: no tokenizer on the hot path, and never an underestimate. */
const BYTES_PER_RESERVED_TOKEN = 2;

/** What an admitted request may use: its targets, the credit held for it, and the prompt counted against its tpm. */
export interface Admission {
  targets: readonly RouteTarget[];
  reservation: CreditReservation;
  promptTokens: number;
}

/** The output limit a request names, in whichever field its format uses (chat, Messages or Responses). */
function requestedOutputLimit(body: JsonBody): number | undefined {
  for (const field of ['max_completion_tokens', 'max_tokens', 'max_output_tokens'])
    if (typeof body[field] === 'number') return body[field];
  return undefined;
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Bearer\s+/i.test(header))
    return header.replace(/^Bearer\s+/i, '').trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

function tokenOf(request: FastifyRequest): string {
  const token = bearerToken(request);
  if (!token)
    throw new ProxyException(
      ProxyErrorCode.MissingToken,
      'Send your Switchyard token as "Authorization: Bearer sy-…"',
    );
  return token;
}

const PRINCIPAL = Symbol('switchyard.proxy.principal');

type WithPrincipal = FastifyRequest & { [PRINCIPAL]?: ProxyTokenPrincipal };

function principalOrRefuse(principal: ProxyTokenPrincipal | null): ProxyTokenPrincipal {
  if (!principal)
    throw new ProxyException(ProxyErrorCode.InvalidToken, 'The token is invalid, revoked or expired');
  return principal;
}

function remember(request: FastifyRequest, principal: ProxyTokenPrincipal): ProxyTokenPrincipal {
  (request as WithPrincipal)[PRINCIPAL] = principal;
  return principal;
}

/**
 * Whether a /v1 request may go upstream, in order: its token, its model (route, allow-list, price), the token's
 * rpm/tpm limits, and credit for its maximum cost. Each step answers from memory in the common case; the `try`
 * forms do only that and answer undefined, having changed nothing, when a step has to wait.
 */
@Injectable()
export class ProxyAdmission {
  constructor(
    private readonly tokens: ProxyTokenAuthenticator,
    private readonly routes: RouteTable,
    private readonly pricing: PriceTable,
    private readonly settings: SettingsService,
    private readonly credits: CreditGate,
    private readonly limiter: TokenRateLimiter,
  ) {}

  /**
   * The caller, when the token cache decides: every request but a token's first. A request is authenticated once
   * (by the request gate, before its body is read); the answer is kept on the request.
   */
  tryAuthenticate(request: FastifyRequest): ProxyTokenPrincipal | undefined {
    const remembered = (request as WithPrincipal)[PRINCIPAL];
    if (remembered) return remembered;
    const known = this.tokens.tryAuthenticate(tokenOf(request));
    return known === undefined ? undefined : remember(request, principalOrRefuse(known));
  }

  async authenticate(request: FastifyRequest): Promise<ProxyTokenPrincipal> {
    return (
      this.tryAuthenticate(request) ??
      remember(request, principalOrRefuse(await this.tokens.authenticate(tokenOf(request))))
    );
  }

  tryAdmit(
    principal: ProxyTokenPrincipal,
    body: JsonBody & { model: string },
    bodyBytes: number,
  ): Admission | undefined {
    const targets = this.targets(principal, body.model);
    const promptTokens = Math.ceil(bodyBytes / BYTES_PER_RESERVED_TOKEN);
    const reservation = this.credits.tryReserve(principal.teamId, this.maxCost(targets, promptTokens, body));
    if (!reservation) return undefined;
    let admitted: boolean;
    try {
      admitted = this.limiter.tryAdmit(principal, promptTokens);
    } catch (error) {
      reservation.release();
      throw error;
    }
    if (admitted) return { targets, reservation, promptTokens };
    reservation.release();
    return undefined;
  }

  async admit(
    principal: ProxyTokenPrincipal,
    body: JsonBody & { model: string },
    bodyBytes: number,
  ): Promise<Admission> {
    const targets = this.targets(principal, body.model);
    const promptTokens = Math.ceil(bodyBytes / BYTES_PER_RESERVED_TOKEN);
    await this.limiter.admit(principal, promptTokens);
    const maxCost = this.maxCost(targets, promptTokens, body);
    const reservation =
      this.credits.tryReserve(principal.teamId, maxCost) ??
      (await this.credits.reserve(principal.teamId, maxCost));
    return { targets, reservation, promptTokens };
  }

  /** The route's targets this token may use, priced ones only when unpriced models are refused. */
  private targets(principal: ProxyTokenPrincipal, model: string): readonly RouteTarget[] {
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
    const completionTokens = requestedOutputLimit(body) ?? DEFAULT_MAX_OUTPUT_TOKENS;
    let max = 0n;
    for (const target of targets) {
      const price = this.pricing.priceOf(target.provider, target.model);
      if (!price) continue;
      const cost = costMicros(price, { promptTokens, completionTokens });
      if (cost > max) max = cost;
    }
    return max;
  }
}
