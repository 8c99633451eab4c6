import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../database/generated/client.js';
import { type AuditEvent } from '../../database/generated/client.js';
import { type AuditContent, chainHash, GENESIS_HASH } from './audit-hash.js';

// One lock id for the whole chain: appends are serialised so each row links to the one before it.
const AUDIT_CHAIN_LOCK = 7_274_001;

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: bigint;
}

const jsonOrNull = (value: unknown) =>
  value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue);

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async append(content: AuditContent, key: Buffer): Promise<AuditEvent> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
      const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
      const prevHash = last?.hash ?? GENESIS_HASH;
      return tx.auditEvent.create({
        data: {
          ...content,
          before: jsonOrNull(content.before),
          after: jsonOrNull(content.after),
          prevHash,
          hash: chainHash(key, prevHash, content),
          keyed: true,
        },
      });
    });
  }

  async list(filter: AuditFilter, limit: number): Promise<AuditEvent[]> {
    return this.prisma.auditEvent.findMany({
      where: {
        ...(filter.actor ? { OR: [{ actorId: filter.actor }, { actorLabel: filter.actor }] } : {}),
        ...(filter.action
          ? {
              action: filter.action.endsWith('*')
                ? { startsWith: filter.action.slice(0, -1) }
                : filter.action,
            }
          : {}),
        ...(filter.targetType ? { targetType: filter.targetType } : {}),
        ...(filter.targetId ? { targetId: filter.targetId } : {}),
        ...(filter.from || filter.to
          ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
          : {}),
        ...(filter.beforeSeq !== undefined ? { seq: { lt: filter.beforeSeq } } : {}),
      },
      orderBy: { seq: 'desc' },
      take: limit,
    });
  }

  /** The newest row of the chain and how many rows it has; undefined while it is empty. */
  async head(): Promise<{ seq: bigint; hash: string; count: number } | undefined> {
    // One statement, so the count is of the chain up to exactly this head.
    const [head] = await this.prisma.$queryRaw<{ seq: bigint; hash: string; count: number }[]>`
      SELECT seq, hash, (SELECT count(*)::int FROM audit_events WHERE seq <= head.seq) AS count
      FROM audit_events head ORDER BY seq DESC LIMIT 1`;
    return head;
  }

  /** Rows in chain order, a batch at a time, so verifying a long log never loads it whole. */
  async batchAfter(seq: bigint, size: number): Promise<AuditEvent[]> {
    return this.prisma.auditEvent.findMany({
      where: { seq: { gt: seq } },
      orderBy: { seq: 'asc' },
      take: size,
    });
  }
}
