import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { type Prisma } from '../../database/generated/client.js';
import { type BudgetPeriod } from '../../database/generated/enums.js';

export interface NewProxyToken {
  teamId: string;
  name: string;
  hash: string;
  prefix: string;
  allowedModels: string[];
  rpm: number | null;
  tpm: number | null;
  budgetLimit: bigint | null;
  /** Set exactly when `budgetLimit` is. */
  budgetPeriod: BudgetPeriod | null;
  expiresAt: Date | null;
  logBodies: boolean;
  requireUser: boolean;
  createdById: string | null;
}

/** What can change of a token after it is issued; its team and value never do. */
export type ProxyTokenSettings = Pick<
  NewProxyToken,
  | 'name'
  | 'allowedModels'
  | 'rpm'
  | 'tpm'
  | 'budgetLimit'
  | 'budgetPeriod'
  | 'expiresAt'
  | 'requireUser'
  | 'logBodies'
>;

export interface TokenListFilter {
  /** Only these teams' tokens; undefined means every team. */
  teamIds?: string[];
  /** Leaves out tokens of deleted teams, which team-scoped roles may not see. */
  liveTeamsOnly?: boolean;
  includeRevoked: boolean;
  /** The (createdAt, id) of the last row of the previous page: the list runs newest first. */
  before?: { createdAt: Date; id: string };
}

/**
 * Still working at `at`: not revoked, or revoked from an instant still to come (the overlap a rotation gives the
 * old token).
 */
export const liveAt = (at: Date): Prisma.ProxyTokenWhereInput => ({
  OR: [{ revokedAt: null }, { revokedAt: { gt: at } }],
});

/** What the authenticator needs of a token, with the one fact about its team that can kill it. */
const authSelect = {
  id: true,
  teamId: true,
  name: true,
  allowedModels: true,
  rpm: true,
  tpm: true,
  budgetLimit: true,
  budgetPeriod: true,
  expiresAt: true,
  requireUser: true,
  revokedAt: true,
  logBodies: true,
  team: { select: { deletedAt: true, logBodies: true } },
} satisfies Prisma.ProxyTokenSelect;

@Injectable()
export class ProxyTokensRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: NewProxyToken) {
    return this.prisma.proxyToken.create({ data });
  }

  findById(id: string) {
    return this.prisma.proxyToken.findUnique({
      where: { id },
      include: { team: { select: { deletedAt: true } } },
    });
  }

  /** Tokens by hash, revoked ones and those of deleted teams included, with their team's name. */
  findByHashes(hashes: string[]) {
    return this.prisma.proxyToken.findMany({
      where: { hash: { in: hashes } },
      include: { team: { select: { name: true, deletedAt: true } } },
    });
  }

  findForAuthentication(hash: string) {
    return this.prisma.proxyToken.findUnique({ where: { hash }, select: authSelect });
  }

  /** Served by the (team_id, created_at) index for one team and by (created_at, id) across teams. */
  list(filter: TokenListFilter, take: number) {
    const { before } = filter;
    return this.prisma.proxyToken.findMany({
      where: {
        ...(filter.teamIds ? { teamId: { in: filter.teamIds } } : {}),
        ...(filter.liveTeamsOnly ? { team: { deletedAt: null } } : {}),
        AND: [
          ...(filter.includeRevoked ? [] : [liveAt(new Date())]),
          // The `lte` alone bounds the index scan; the OR then only breaks ties within one instant.
          ...(before
            ? [
                { createdAt: { lte: before.createdAt } },
                { OR: [{ createdAt: { lt: before.createdAt } }, { id: { lt: before.id } }] },
              ]
            : []),
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  /** Changes a live token's settings; null when it has been revoked meanwhile. */
  async updateSettings(id: string, settings: ProxyTokenSettings) {
    const { count } = await this.prisma.proxyToken.updateMany({
      where: { id, revokedAt: null },
      data: settings,
    });
    return count === 1 ? this.prisma.proxyToken.findUnique({ where: { id } }) : null;
  }

  /**
   * Revokes a working token, cutting short a rotation's overlap; null when it no longer worked (revoked by this
   * call's competitor, perhaps).
   */
  async revoke(id: string, at: Date) {
    const { count } = await this.prisma.proxyToken.updateMany({
      where: { id, ...liveAt(at) },
      data: { revokedAt: at },
    });
    return count === 1 ? this.prisma.proxyToken.findUnique({ where: { id } }) : null;
  }

  /**
   * Revokes the old token (from `revokeAt`, the end of the overlap) and creates its successor in one
   * transaction, so two concurrent rotations cannot both succeed; null when the old token was already rotated or
   * revoked.
   */
  rotate(oldId: string, revokeAt: Date, successor: NewProxyToken) {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.proxyToken.updateMany({
        where: { id: oldId, revokedAt: null },
        data: { revokedAt: revokeAt },
      });
      if (count !== 1) return null;
      return tx.proxyToken.create({ data: successor });
    });
  }

  /** Hashes of tokens revoked at or after `since` (a rotation's future revocation included), newest first. */
  async hashesRevokedSince(since: Date, take: number): Promise<string[]> {
    const rows = await this.prisma.proxyToken.findMany({
      where: { revokedAt: { gte: since } },
      select: { hash: true },
      orderBy: { revokedAt: 'desc' },
      take,
    });
    return rows.map((row) => row.hash);
  }

  async revokeAllOfTeam(teamId: string, at: Date): Promise<number> {
    const { count } = await this.prisma.proxyToken.updateMany({
      where: { teamId, revokedAt: null },
      data: { revokedAt: at },
    });
    return count;
  }

  /** One statement for a whole batch; a time never moves backwards, whichever replica flushes last. */
  async touchLastUsed(ids: string[], times: Date[]): Promise<void> {
    if (ids.length === 0) return;
    await this.prisma.$executeRaw`
      UPDATE proxy_tokens AS t SET last_used_at = u.at
      FROM unnest(${ids}::uuid[], ${times}::timestamptz[]) AS u(id, at)
      WHERE t.id = u.id AND (t.last_used_at IS NULL OR t.last_used_at < u.at)`;
  }
}
