import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';

/** What the dashboard's key-state view adds to the live pool: key endings and today's requests and cost. */
@Injectable()
export class KeyStateRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Today's (UTC) requests and cost per key × model, from the daily rollups. */
  async todayByKeyModel(): Promise<Map<string, { requests: bigint; cost: bigint }>> {
    const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    const rows = await this.prisma.$queryRaw<
      { keyId: string; model: string; requests: bigint; cost: bigint }[]
    >`
      SELECT key_id::text AS "keyId", model, requests, cost_micros AS cost
      FROM usage_rollups
      WHERE view = 'key_model' AND granularity = 'day' AND period = ${today}`;
    return new Map(
      rows.map((row) => [`${row.keyId}|${row.model}`, { requests: row.requests, cost: row.cost }]),
    );
  }

  async last4ByKey(keyIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.prisma.providerKey.findMany({
      where: { id: { in: [...keyIds] } },
      select: { id: true, last4: true },
    });
    return new Map(rows.map((row) => [row.id, row.last4]));
  }
}
