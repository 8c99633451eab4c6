import { Injectable } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { type Budget } from '../credits/budget.js';
import { type CreditNeed, CreditGate } from '../credits/credit-gate.js';
import { CombinedReservation, type CreditReservation } from '../credits/credit-reservation.js';
import { maxOutputTokensOf } from '../pricing/default-prices.js';
import { affordableOutputTokens, type ModelPrice, worstCaseCostMicros } from '../pricing/model-price.js';
import { PriceTable } from '../pricing/price-table.js';
import { ProxyTokenAuthenticator } from '../proxy-tokens/proxy-token.authenticator.js';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { RouteTable } from '../routes/route-table.js';
import { type RouteTarget } from '../routes/route-target.js';
import { SettingsService } from '../settings/settings.service.js';
import { allowedTargets } from './model-access.js';
import { requestedOutputTokens } from './output-limit.js';
import { type JsonBody } from './proxy-request.schemas.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';
import { type RateWindowCount, TokenRateLimiter } from './token-rate-limiter.js';

/** Prompt tokens are reserved from the body size: no tokenizer on the hot path, and never an underestimate. */
const BYTES_PER_RESERVED_TOKEN = 2;

/** What a route asks of admission besides the body: whether the request produces output tokens. */
export interface AdmissionKind {
  /** False for embeddings: the cost is the prompt alone. */
  producesOutput: boolean;
}

/** What an admitted request may use: its targets, the credit held for it, and what its token's limits counted. */
export interface Admission {
  targets: readonly RouteTarget[];
  reservation: CreditReservation;
  /** The prompt estimate counted against the token's tpm, corrected at settlement. */
  promptTokens: number;
  /** The token's rpm/tpm window after this request was counted; null for a token without limits. */
  rateLimit: RateWindowCount | null;
  /**
   * Set when a hard budget could not cover the worst case: the output limit the upstream must be given, which is
   * what the credit held pays for. Null when the request runs as asked.
   */
  outputLimit: number | null;
}

/** The request as priced: its targets, and what it can cost at worst and at least. */
interface PricedRequest {
  targets: readonly RouteTarget[];
  prices: readonly ModelPrice[];
  promptTokens: number;
  /** Output tokens per priced target if the request runs unshortened (its own limit, else the model's). */
  outputTokens: readonly number[];
  need: CreditNeed;
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

/** The token's own budget, as the credit gate holds it: always hard. */
function tokenBudgetOf(principal: ProxyTokenPrincipal): Budget | null {
  if (principal.budgetLimitMicros === null || principal.budgetPeriod === null) return null;
  return {
    teamId: principal.teamId,
    tokenId: principal.tokenId,
    limitMicros: principal.budgetLimitMicros,
    period: principal.budgetPeriod,
    mode: 'hard',
    alertAtPercent: null,
  };
}

function remember(request: FastifyRequest, principal: ProxyTokenPrincipal): ProxyTokenPrincipal {
  (request as WithPrincipal)[PRINCIPAL] = principal;
  return principal;
}

/**
 * Whether a /v1 request may go upstream, the same for every route: its token, its model (route, allow-list, price),
 * the token's rpm/tpm limits, and credit for its worst-case cost under every budget that applies (the team's and
 * the token's; the tighter wins). Each step answers from memory in the common case; the `try` forms do only that
 * and answer undefined, having changed nothing, when a step has to wait.
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
    kind: AdmissionKind,
  ): Admission | undefined {
    const teamBudget = this.credits.tryTeamBudget(principal.teamId);
    if (teamBudget === undefined) return undefined;
    const tokenBudget = tokenBudgetOf(principal);
    const priced = this.price(principal, body, bodyBytes, kind, teamBudget !== null || tokenBudget !== null);
    const team = this.credits.tryReserveIn(teamBudget, principal.teamId, priced.need);
    if (!team) return undefined;
    const token = tokenBudget && this.credits.tryReserveIn(tokenBudget, principal.teamId, priced.need);
    if (token === undefined) {
      team.release();
      return undefined;
    }
    const reservation = token ? new CombinedReservation([team, token]) : team;
    let rateLimit: RateWindowCount | null | undefined;
    try {
      rateLimit = this.limiter.tryAdmit(principal, priced.promptTokens);
    } catch (error) {
      reservation.release();
      throw error;
    }
    if (rateLimit === undefined) {
      reservation.release();
      return undefined;
    }
    return {
      targets: priced.targets,
      reservation,
      promptTokens: priced.promptTokens,
      rateLimit,
      outputLimit: null,
    };
  }

  async admit(
    principal: ProxyTokenPrincipal,
    body: JsonBody & { model: string },
    bodyBytes: number,
    kind: AdmissionKind,
  ): Promise<Admission> {
    const teamBudget = await this.credits.teamBudget(principal.teamId);
    const tokenBudget = tokenBudgetOf(principal);
    const priced = this.price(principal, body, bodyBytes, kind, teamBudget !== null || tokenBudget !== null);
    const reservation = await this.reserve(principal.teamId, teamBudget, tokenBudget, priced.need);
    let rateLimit: RateWindowCount | null;
    try {
      rateLimit = await this.limiter.admit(principal, priced.promptTokens);
    } catch (error) {
      reservation.release();
      throw error;
    }
    return {
      targets: priced.targets,
      reservation,
      promptTokens: priced.promptTokens,
      rateLimit,
      outputLimit: this.outputLimit(priced, reservation),
    };
  }

  /** The token's rpm/tpm window as it stands, for the headers of an answer refused before it was counted. */
  rateLimitOf(principal: ProxyTokenPrincipal): Promise<RateWindowCount | null> {
    return this.limiter.peek(principal);
  }

  /** The team's budget, then the token's within what the team's granted; the team gives back what the token cut. */
  private async reserve(
    teamId: string,
    teamBudget: Budget | null,
    tokenBudget: Budget | null,
    need: CreditNeed,
  ): Promise<CreditReservation> {
    const team =
      this.credits.tryReserveIn(teamBudget, teamId, need) ??
      (await this.credits.reserveIn(teamBudget, teamId, need));
    if (!tokenBudget) return team;
    const withinTeam = {
      worstMicros: team.limited ? team.reservedMicros : need.worstMicros,
      leastMicros: need.leastMicros,
    };
    let token: CreditReservation;
    try {
      token =
        this.credits.tryReserveIn(tokenBudget, teamId, withinTeam) ??
        (await this.credits.reserveIn(tokenBudget, teamId, withinTeam));
    } catch (error) {
      team.release();
      throw error;
    }
    if (team.limited && token.reservedMicros < team.reservedMicros) team.shrink(token.reservedMicros);
    return new CombinedReservation([team, token]);
  }

  /** The output limit that keeps every priced target within the credit held, when that is below the worst case. */
  private outputLimit(priced: PricedRequest, reservation: CreditReservation): number | null {
    if (!reservation.limited || reservation.reservedMicros >= priced.need.worstMicros) return null;
    let limit: number | null = null;
    priced.prices.forEach((price, index) => {
      const affordable = affordableOutputTokens(
        price,
        priced.promptTokens,
        reservation.reservedMicros,
        priced.outputTokens[index]!,
      );
      if (limit === null || affordable < limit) limit = affordable;
    });
    return limit === null ? null : Math.max(1, limit);
  }

  private price(
    principal: ProxyTokenPrincipal,
    body: JsonBody & { model: string },
    bodyBytes: number,
    kind: AdmissionKind,
    budgeted: boolean,
  ): PricedRequest {
    const targets = this.targets(principal, body.model, budgeted);
    const promptTokens = Math.ceil(bodyBytes / BYTES_PER_RESERVED_TOKEN);
    const requested = kind.producesOutput ? requestedOutputTokens(body) : 0;
    const prices: ModelPrice[] = [];
    const outputTokens: number[] = [];
    let worstMicros = 0n;
    let leastMicros = 0n;
    for (const target of targets) {
      const price = this.pricing.priceOf(target.provider, target.model);
      if (!price) continue;
      const output = requested ?? maxOutputTokensOf(price);
      const worst = worstCaseCostMicros(price, promptTokens, output);
      const least = worstCaseCostMicros(price, promptTokens, Math.min(output, 1));
      prices.push(price);
      outputTokens.push(output);
      if (worst > worstMicros) worstMicros = worst;
      if (least > leastMicros) leastMicros = least;
    }
    return { targets, prices, promptTokens, outputTokens, need: { worstMicros, leastMicros } };
  }

  /**
   * The route's targets this token may use. Under a budget, only priced ones, unless unpriced models are allowed:
   * a budget cannot hold a request whose cost it cannot know.
   */
  targets(principal: ProxyTokenPrincipal, model: string, budgeted: boolean): readonly RouteTarget[] {
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
    if (!budgeted || this.settings.allowUnpricedModels()) return allowed;
    const priced = allowed.filter((target) => this.pricing.priceOf(target.provider, target.model));
    if (priced.length === 0) {
      const names = allowed.map((target) => `${target.provider}/${target.model}`).join(', ');
      throw new ProxyException(
        ProxyErrorCode.ModelUnpriced,
        `The model "${model}" (${names}) has no price, so a budget cannot hold it. An admin must set its price ` +
          "(PUT /admin/pricing, or the dashboard's pricing settings), or allow unpriced models in /admin/settings",
        'model',
      );
    }
    return priced;
  }
}
