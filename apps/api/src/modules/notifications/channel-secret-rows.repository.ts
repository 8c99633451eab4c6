import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { type SealedSecretRows } from '../provider-keys/master-key-rotation.js';
import { type SealedProviderKey } from '../provider-keys/provider-key-cipher.js';
import { type ResealBatch, type StoredSecret } from '../provider-keys/provider-keys.repository.js';

/** Channel signing secrets, for `rotate-master-key`: only channels that have a secret count. */
@Injectable()
export class ChannelSecretRowsRepository implements SealedSecretRows {
  constructor(private readonly prisma: PrismaService) {}

  countUnderVersion(version: number): Promise<number> {
    return this.prisma.notificationChannel.count({ where: { secretKeyVersion: version } });
  }

  resealBatch(
    afterId: string | undefined,
    size: number,
    currentVersion: number,
    reseal: (row: StoredSecret) => SealedProviderKey | null,
  ): Promise<ResealBatch> {
    return this.prisma.$transaction(
      async (tx) => {
        const rows = await tx.notificationChannel.findMany({
          where: {
            secretKeyVersion: { not: null },
            NOT: { secretKeyVersion: currentVersion },
            ...(afterId ? { id: { gt: afterId } } : {}),
          },
          orderBy: { id: 'asc' },
          take: size,
          select: {
            id: true,
            secretCiphertext: true,
            secretIv: true,
            secretTag: true,
            secretKeyVersion: true,
          },
        });
        const batch: ResealBatch = {
          lastId: rows.at(-1)?.id,
          scanned: rows.length,
          resealed: 0,
          unreadable: [],
        };
        for (const row of rows) {
          const sealed = reseal({
            id: row.id,
            ciphertext: row.secretCiphertext!,
            iv: row.secretIv!,
            tag: row.secretTag!,
            keyVersion: row.secretKeyVersion!,
          });
          if (!sealed) {
            batch.unreadable.push(row.id);
            continue;
          }
          const { count } = await tx.notificationChannel.updateMany({
            where: { id: row.id, secretKeyVersion: row.secretKeyVersion },
            data: {
              secretCiphertext: new Uint8Array(sealed.ciphertext),
              secretIv: new Uint8Array(sealed.iv),
              secretTag: new Uint8Array(sealed.tag),
              secretKeyVersion: sealed.keyVersion,
            },
          });
          batch.resealed += count;
        }
        return batch;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }
}
