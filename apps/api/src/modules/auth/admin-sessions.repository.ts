import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';

const withUser = { user: { include: { memberships: { select: { teamId: true, role: true } } } } } as const;

@Injectable()
export class AdminSessionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: {
    userId: string;
    method: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }) {
    return this.prisma.adminSession.create({ data });
  }

  /** A session with its user, whatever its state: the caller decides whether it is still live. */
  findWithUser(id: string) {
    return this.prisma.adminSession.findUnique({ where: { id }, include: withUser });
  }

  touch(id: string, at: Date) {
    return this.prisma.adminSession.updateMany({ where: { id, endedAt: null }, data: { lastSeenAt: at } });
  }

  /** A user's live sessions, newest first, after the (createdAt, id) of the previous page's last row. */
  listLive(userId: string, now: Date, after: readonly [Date, string] | undefined, take: number) {
    const [afterAt, afterId] = after ?? [];
    return this.prisma.adminSession.findMany({
      where: {
        userId,
        endedAt: null,
        expiresAt: { gt: now },
        ...(afterAt && afterId
          ? { createdAt: { lte: afterAt }, OR: [{ createdAt: { lt: afterAt } }, { id: { lt: afterId } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  /** Ends one live session of a user; false when there is none by that id. */
  async end(userId: string, id: string, reason: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.adminSession.updateMany({
      where: { id, userId, endedAt: null },
      data: { endedAt: at, endReason: reason },
    });
    return count > 0;
  }

  /** Ends every live session of a user, but `keepId`; returns how many ended. */
  async endAll(userId: string, reason: string, at: Date, keepId?: string): Promise<number> {
    const { count } = await this.prisma.adminSession.updateMany({
      where: { userId, endedAt: null, expiresAt: { gt: at }, ...(keepId ? { id: { not: keepId } } : {}) },
      data: { endedAt: at, endReason: reason },
    });
    return count;
  }
}
