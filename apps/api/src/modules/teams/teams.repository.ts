import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../database/generated/client.js';
import { type TeamRole } from '../../database/generated/enums.js';

const withMembers = {
  memberships: {
    select: { userId: true, role: true, createdAt: true, user: { select: { email: true, name: true } } },
    orderBy: [{ createdAt: 'asc' }, { userId: 'asc' }],
  },
} satisfies Prisma.TeamInclude;

const withMemberCount = { _count: { select: { memberships: true } } } satisfies Prisma.TeamInclude;

export interface TeamListFilter {
  /** Restricts the list to these teams; undefined means every team. */
  teamIds?: string[];
  /** The (name, id) of the last row of the previous page. */
  after?: readonly [string, string];
}

export class TeamNameTaken extends Error {}

/** A unique violation on the live-name index: another request took the name between our check and write. */
function rethrowNameClash(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
    throw new TeamNameTaken();
  throw error;
}

@Injectable()
export class TeamsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findById(id: string) {
    return this.prisma.team.findUnique({ where: { id } });
  }

  findWithMembers(id: string) {
    return this.prisma.team.findUnique({ where: { id }, include: withMembers });
  }

  findLiveByName(name: string) {
    return this.prisma.team.findFirst({ where: { name, deletedAt: null } });
  }

  findLiveByNames(names: string[]) {
    return this.prisma.team.findMany({ where: { name: { in: names }, deletedAt: null } });
  }

  /** Live teams by name; deleted ones are only reachable by id. */
  list(filter: TeamListFilter, take: number) {
    const [afterName, afterId] = filter.after ?? [];
    return this.prisma.team.findMany({
      where: {
        deletedAt: null,
        ...(filter.teamIds ? { id: { in: filter.teamIds } } : {}),
        ...(afterName !== undefined && afterId !== undefined
          ? { name: { gte: afterName }, OR: [{ name: { gt: afterName } }, { id: { gt: afterId } }] }
          : {}),
      },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take,
      include: withMemberCount,
    });
  }

  create(name: string, logBodies = false) {
    return this.prisma.team
      .create({ data: { name, logBodies }, include: withMembers })
      .catch(rethrowNameClash);
  }

  update(id: string, changes: { name?: string; logBodies?: boolean }) {
    return this.prisma.team
      .update({ where: { id }, data: changes, include: withMembers })
      .catch(rethrowNameClash);
  }

  /** Marks a live team deleted; false when it already was. */
  async softDelete(id: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.team.updateMany({
      where: { id, deletedAt: null },
      data: { deletedAt: at },
    });
    return count === 1;
  }

  findMember(teamId: string, userId: string) {
    return this.prisma.membership.findUnique({ where: { userId_teamId: { userId, teamId } } });
  }

  upsertMember(teamId: string, userId: string, role: TeamRole) {
    return this.prisma.membership.upsert({
      where: { userId_teamId: { userId, teamId } },
      create: { teamId, userId, role },
      update: { role },
      include: { user: { select: { email: true, name: true } } },
    });
  }

  async removeMember(teamId: string, userId: string): Promise<boolean> {
    const { count } = await this.prisma.membership.deleteMany({ where: { teamId, userId } });
    return count === 1;
  }
}
