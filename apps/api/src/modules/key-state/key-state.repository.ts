import { Injectable } from '@nestjs/common';
import { type SavedStateRow } from '@switchyard/key-pool';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../database/generated/client.js';

@Injectable()
export class KeyStateRepository {
  constructor(private readonly prisma: PrismaService) {}

  async loadSnapshot(): Promise<SavedStateRow[]> {
    const rows = await this.prisma.keyStateSnapshot.findMany();
    return rows.map(
      (row) => ({ keyId: row.keyId, model: row.model, state: row.state }) as unknown as SavedStateRow,
    );
  }

  /** Replaces the whole snapshot in one transaction, so a restart never sees half of one. */
  async saveSnapshot(rows: readonly SavedStateRow[]): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.keyStateSnapshot.deleteMany({}),
      this.prisma.keyStateSnapshot.createMany({
        data: rows.map((row) => ({
          keyId: row.keyId,
          model: row.model,
          state: row.state as unknown as Prisma.InputJsonValue,
        })),
      }),
    ]);
  }

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
