import { Injectable } from '@nestjs/common';
import { type SavedStateRow } from '@switchyard/key-pool';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../database/generated/client.js';

/** The key pool's state as last saved: what a restart restores, so cooldowns survive it. */
@Injectable()
export class PoolSnapshotRepository {
  constructor(private readonly prisma: PrismaService) {}

  async load(): Promise<SavedStateRow[]> {
    const rows = await this.prisma.keyStateSnapshot.findMany();
    return rows.map(
      (row) => ({ keyId: row.keyId, model: row.model, state: row.state }) as unknown as SavedStateRow,
    );
  }

  /** Replaces the whole snapshot in one transaction, so a restart never sees half of one. */
  async save(rows: readonly SavedStateRow[]): Promise<void> {
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
}
