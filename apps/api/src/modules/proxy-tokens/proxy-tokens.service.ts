import { Injectable, type OnModuleInit } from '@nestjs/common';
import { asIssuedToken, hasIssuedShape, type IssuedToken, issueToken } from '@switchyard/crypto';
import {
  type IssuedProxyToken,
  type ProxyToken,
  type RotatedProxyToken,
  type Spend,
} from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { type AuthContext, isTeamScoped } from '../auth/auth-context.js';
import { type Budget } from '../credits/budget.js';
import { CreditsService } from '../credits/credits.service.js';
import { canManageTeam, canSeeTeam } from '../teams/team-access.js';
import { TeamLifecycle } from '../teams/team-lifecycle.js';
import { TeamsService } from '../teams/teams.service.js';
import { toProxyTokenView } from './proxy-token.view.js';
import { ProxyTokensErrorCode, ProxyTokensException } from './proxy-tokens.exception.js';
import { ProxyTokensRepository, type TokenListFilter } from './proxy-tokens.repository.js';
import {
  type CreateTokenBody,
  type RotateTokenBody,
  type UpdateTokenBody,
  type TeamTokenListQuery,
  type TokenListQuery,
} from './proxy-tokens.schemas.js';
import { ProxyTokenInvalidation } from './token-invalidation.js';
import { toTokenSettings } from './token-settings.js';

/** A token's own budget as the credit gate holds it: always hard. */
function tokenBudget(token: {
  id: string;
  teamId: string;
  budgetLimit: bigint | null;
  budgetPeriod: Budget['period'] | null;
}): Budget | null {
  if (token.budgetLimit === null || token.budgetPeriod === null) return null;
  return {
    teamId: token.teamId,
    tokenId: token.id,
    limitMicros: token.budgetLimit,
    period: token.budgetPeriod,
    mode: 'hard',
    alertAtPercent: null,
  };
}

const cursorShape = z.tuple([z.iso.datetime(), z.uuid()]);

const tokenNotFound = (tokenId: string) =>
  new ProxyTokensException(ProxyTokensErrorCode.TokenNotFound, `No token with id ${tokenId}`, 'tokenId');

@Injectable()
export class ProxyTokensService implements OnModuleInit {
  constructor(
    private readonly tokens: ProxyTokensRepository,
    private readonly teams: TeamsService,
    private readonly lifecycle: TeamLifecycle,
    private readonly invalidation: ProxyTokenInvalidation,
    private readonly audit: AuditService,
    private readonly credits: CreditsService,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onTeamDeleted((auth, teamId) => this.revokeAllOfTeam(auth, teamId));
    // A team's settings are part of its tokens' principals (whether bodies are logged): read again at next use.
    this.lifecycle.onTeamChanged((teamId) => this.invalidation.teamChanged(teamId));
  }

  async create(auth: AuthContext, teamId: string, body: CreateTokenBody): Promise<IssuedProxyToken> {
    await this.teams.assertTeamManageable(auth, teamId);
    const issued = issueToken('sy');
    const view = await this.store(auth, teamId, body, issued);
    return { ...view, token: issued.token };
  }

  /**
   * Stores a token whose value was chosen outside the server (SWITCHYARD_CONFIG declares its tokens), hashed and
   * prefixed exactly like an issued one. The caller has checked that the team is live; the value is never returned.
   */
  async createWithValue(
    actor: Actor,
    teamId: string,
    body: CreateTokenBody,
    token: string,
  ): Promise<ProxyToken> {
    if (!hasIssuedShape('sy', token)) {
      throw new ProxyTokensException(
        ProxyTokensErrorCode.TokenMalformed,
        'A token must be "sy-" followed by 40 letters and digits',
        'token',
      );
    }
    return this.store(actor, teamId, body, asIssuedToken(token));
  }

  /** Replaces a live token's settings; every replica reads them at the token's next use. */
  async updateSettings(actor: Actor, tokenId: string, body: CreateTokenBody): Promise<ProxyToken> {
    const existing = await this.tokens.findById(tokenId);
    if (!existing) throw tokenNotFound(tokenId);
    if (existing.revokedAt) throw revokedAlready(tokenId, 'changed');
    const updated = await this.tokens.updateSettings(tokenId, toTokenSettings(body));
    if (!updated) throw revokedAlready(tokenId, 'changed');
    if (updated.budgetLimit !== null && updated.budgetPeriod !== null) {
      await this.credits.tokenBudgetChanged(tokenBudget(updated)!);
    }
    await this.invalidation.tokensChanged([existing.hash]);
    const view = toProxyTokenView(updated);
    await this.audit.record(
      actor,
      'token.update',
      { type: 'token', id: tokenId },
      { before: toProxyTokenView(existing), after: view },
    );
    return view;
  }

  /** Tokens by hash, revoked ones and those of deleted teams included. */
  findByHashes(hashes: string[]) {
    return hashes.length === 0 ? Promise.resolve([]) : this.tokens.findByHashes(hashes);
  }

  async listForTeam(auth: AuthContext, teamId: string, query: TeamTokenListQuery): Promise<Page<ProxyToken>> {
    await this.teams.assertTeamVisible(auth, teamId, { includeDeleted: true });
    return this.page({ teamIds: [teamId], includeRevoked: query.includeRevoked }, query);
  }

  /** Organisation roles see every team's tokens; team-scoped roles those of their live teams. */
  async list(auth: AuthContext, query: TokenListQuery): Promise<Page<ProxyToken>> {
    if (query.teamId) return this.listForTeam(auth, query.teamId, query);
    if (!isTeamScoped(auth)) return this.page({ includeRevoked: query.includeRevoked }, query);
    const teamIds = [...auth.teams.keys()];
    if (teamIds.length === 0) return { items: [], nextCursor: null };
    return this.page({ teamIds, liveTeamsOnly: true, includeRevoked: query.includeRevoked }, query);
  }

  async get(auth: AuthContext, tokenId: string): Promise<ProxyToken> {
    return toProxyTokenView(await this.visibleToken(auth, tokenId));
  }

  /** The token's own budget and where its current period stands; every field but the ids null without one. */
  async spend(auth: AuthContext, tokenId: string): Promise<Spend> {
    const token = await this.visibleToken(auth, tokenId);
    return this.credits.tokenSpend(token.teamId, token.id, tokenBudget(token));
  }

  /**
   * Changes a live token in place: name, allowed models, rpm/tpm, expiry, budget. Fields left out keep their
   * value; null clears one. Every replica reads the new settings at the token's next use.
   */
  async update(auth: AuthContext, tokenId: string, patch: UpdateTokenBody): Promise<ProxyToken> {
    const existing = await this.visibleToken(auth, tokenId);
    this.assertManages(auth, existing.teamId);
    if (existing.revokedAt) throw revokedAlready(tokenId, 'changed');
    const current = toProxyTokenView(existing);
    const merged: CreateTokenBody = {
      name: patch.name ?? current.name,
      allowedModels: patch.allowedModels === undefined ? current.allowedModels : (patch.allowedModels ?? []),
      rpm: patch.rpm === undefined ? current.rpm : patch.rpm,
      tpm: patch.tpm === undefined ? current.tpm : patch.tpm,
      budgetUsd: patch.budgetUsd === undefined ? current.budgetUsd : patch.budgetUsd,
      budgetPeriod: patch.budgetPeriod === undefined ? current.budgetPeriod : patch.budgetPeriod,
      expiresAt: patch.expiresAt === undefined ? existing.expiresAt : patch.expiresAt,
      logBodies: patch.logBodies ?? current.logBodies,
      requireUser: patch.requireUser ?? current.requireUser,
    };
    return this.updateSettings(auth, tokenId, merged);
  }

  /** Idempotent: revoking a revoked token answers it as it is; revoking one in a rotation's overlap ends it now. */
  async revoke(auth: AuthContext, tokenId: string): Promise<ProxyToken> {
    const existing = await this.visibleToken(auth, tokenId);
    this.assertManages(auth, existing.teamId);
    if (existing.revokedAt && existing.revokedAt.getTime() <= Date.now()) return toProxyTokenView(existing);
    const revoked = await this.tokens.revoke(tokenId, new Date());
    await this.invalidation.tokensChanged([existing.hash]);
    if (!revoked) return toProxyTokenView((await this.tokens.findById(tokenId)) ?? existing);
    const view = toProxyTokenView(revoked);
    await this.audit.record(
      auth,
      'token.revoke',
      { type: 'token', id: tokenId },
      { before: toProxyTokenView(existing), after: view },
    );
    return view;
  }

  /**
   * Issues a successor with the same settings (shown once) and revokes the token, at once or after
   * `graceSeconds` (≤ 24 h) during which both work, so callers can move to the new value without an outage.
   */
  async rotate(
    auth: AuthContext,
    tokenId: string,
    { graceSeconds }: RotateTokenBody,
  ): Promise<RotatedProxyToken> {
    const existing = await this.visibleToken(auth, tokenId);
    this.assertManages(auth, existing.teamId);
    if (existing.revokedAt) throw revokedAlready(tokenId);
    if (existing.expiresAt && existing.expiresAt.getTime() <= Date.now()) {
      throw new ProxyTokensException(
        ProxyTokensErrorCode.TokenExpired,
        `Token ${tokenId} has expired; issue a new one with a new expiry instead`,
        'tokenId',
      );
    }
    const issued = issueToken('sy');
    const graceUntil = new Date(Date.now() + graceSeconds * 1000);
    const successor = await this.tokens.rotate(tokenId, graceUntil, {
      teamId: existing.teamId,
      name: existing.name,
      hash: issued.hash,
      prefix: issued.prefix,
      allowedModels: existing.allowedModels,
      rpm: existing.rpm,
      tpm: existing.tpm,
      budgetLimit: existing.budgetLimit,
      budgetPeriod: existing.budgetPeriod,
      expiresAt: existing.expiresAt,
      logBodies: existing.logBodies,
      requireUser: existing.requireUser,
      createdById: auth.kind === 'user' ? auth.id : null,
    });
    if (!successor) throw revokedAlready(tokenId);
    await this.invalidation.tokensChanged([existing.hash]);
    const view = toProxyTokenView(successor);
    const overlap = graceSeconds > 0 ? graceUntil.toISOString() : null;
    await this.audit.record(
      auth,
      'token.rotate',
      { type: 'token', id: tokenId },
      { before: toProxyTokenView(existing), after: { ...view, graceSeconds, graceUntil: overlap } },
    );
    return {
      ...view,
      token: issued.token,
      rotatedFromId: tokenId,
      graceUntil: overlap,
    } satisfies RotatedProxyToken;
  }

  private async store(
    actor: Actor,
    teamId: string,
    body: CreateTokenBody,
    issued: IssuedToken,
  ): Promise<ProxyToken> {
    const token = await this.tokens.create({
      ...toTokenSettings(body),
      teamId,
      hash: issued.hash,
      prefix: issued.prefix,
      createdById: actor.kind === 'user' ? actor.id : null,
    });
    const view = toProxyTokenView(token);
    await this.audit.record(actor, 'token.create', { type: 'token', id: token.id }, { after: view });
    return view;
  }

  /** Runs when a team is deleted, and again if the deletion is retried. */
  private async revokeAllOfTeam(auth: AuthContext, teamId: string): Promise<void> {
    const revokedCount = await this.tokens.revokeAllOfTeam(teamId, new Date());
    await this.invalidation.teamDeleted(teamId);
    if (revokedCount > 0) {
      await this.audit.record(
        auth,
        'token.revoke_all',
        { type: 'team', id: teamId },
        { after: { reason: 'team.delete', revokedCount } },
      );
    }
  }

  private async page(
    filter: Omit<TokenListFilter, 'before'>,
    query: { cursor?: string; limit: number },
  ): Promise<Page<ProxyToken>> {
    const cursor = decodeCursor(query.cursor, cursorShape);
    const before = cursor ? { createdAt: new Date(cursor[0]), id: cursor[1] } : undefined;
    const rows = await this.tokens.list({ ...filter, before }, query.limit + 1);
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
    return { items: page.items.map(toProxyTokenView), nextCursor: page.nextCursor };
  }

  /** Another tenant's token answers exactly like a token that does not exist. */
  private async visibleToken(auth: AuthContext, tokenId: string) {
    const token = await this.tokens.findById(tokenId);
    if (!token || !canSeeTeam(auth, { id: token.teamId, deletedAt: token.team.deletedAt })) {
      throw tokenNotFound(tokenId);
    }
    return token;
  }

  private assertManages(auth: AuthContext, teamId: string): void {
    if (!canManageTeam(auth, teamId)) {
      throw new ProxyTokensException(
        ProxyTokensErrorCode.NotTeamAdmin,
        "Only a team_admin of the token's team (or an owner or admin) may change it",
      );
    }
  }
}

function revokedAlready(tokenId: string, refused: 'rotated' | 'changed' = 'rotated'): ProxyTokensException {
  return new ProxyTokensException(
    ProxyTokensErrorCode.TokenRevoked,
    `Token ${tokenId} is revoked; a revoked token cannot be ${refused}`,
    'tokenId',
  );
}
