import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../database/generated/client.js';
import { type KeyTier, type ProviderKeyStatus, type ProviderType } from '../../database/generated/enums.js';
import { isUniqueViolation } from '../providers/providers.repository.js';
import { type SealedProviderKey } from './provider-key-cipher.js';
import { ProviderKeysErrorCode, ProviderKeysException } from './provider-keys.exception.js';

const withProvider = {
  provider: { select: { id: true, name: true, type: true, baseUrl: true, servesResponses: true } },
} as const;

export interface ProviderKeyFilter {
  provider?: string;
  tier?: KeyTier;
  status?: ProviderKeyStatus;
}

export interface ProviderKeyCursor {
  at: string;
  id: string;
}

export interface ProviderKeySettings {
  label: string;
  tier: KeyTier;
  weight: number;
  maxConcurrency: number | null;
  models: string[];
  dailyRequestQuota: number | null;
  dailyTokenQuota: number | null;
  quotaResetUtc: string | null;
}

export interface NewProviderKey extends ProviderKeySettings {
  sealed: SealedProviderKey;
  last4: string;
  lastTestedAt: Date | null;
  lastTestOk: boolean | null;
}

export interface StoredSecret {
  id: string;
  ciphertext: Uint8Array;
  iv: Uint8Array;
  tag: Uint8Array;
  keyVersion: number;
}

export interface ResealBatch {
  lastId: string | undefined;
  scanned: number;
  resealed: number;
  unreadable: string[];
}

const duplicate = () =>
  new ProviderKeysException(
    ProviderKeysErrorCode.Duplicate,
    'This key is already stored for this provider',
    'secret',
  );

// Prisma's Bytes columns take plain ArrayBuffer-backed arrays, not Node's pooled Buffers.
const sealedColumns = (sealed: SealedProviderKey) => ({
  ciphertext: new Uint8Array(sealed.ciphertext),
  iv: new Uint8Array(sealed.iv),
  tag: new Uint8Array(sealed.tag),
  keyVersion: sealed.keyVersion,
  secretDigest: sealed.secretDigest,
});

@Injectable()
export class ProviderKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(filter: ProviderKeyFilter, after: ProviderKeyCursor | undefined, take: number) {
    const at = after ? new Date(after.at) : undefined;
    return this.prisma.providerKey.findMany({
      where: {
        deletedAt: null,
        ...(filter.provider ? { provider: { name: filter.provider } } : {}),
        ...(filter.tier ? { tier: filter.tier } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(after ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
      include: withProvider,
    });
  }

  findLive(id: string) {
    return this.prisma.providerKey.findFirst({ where: { id, deletedAt: null }, include: withProvider });
  }

  findAllLive() {
    return this.prisma.providerKey.findMany({
      where: { deletedAt: null },
      orderBy: { id: 'asc' },
      include: withProvider,
    });
  }

  /** Live keys among these providers whose secret has one of these digests. */
  findLiveByDigests(providerIds: string[], digests: string[]) {
    if (providerIds.length === 0 || digests.length === 0) return Promise.resolve([]);
    return this.prisma.providerKey.findMany({
      where: { providerId: { in: providerIds }, secretDigest: { in: digests }, deletedAt: null },
      select: { id: true, providerId: true, secretDigest: true },
    });
  }

  async create(providerId: string, key: NewProviderKey) {
    const { sealed, ...columns } = key;
    try {
      return await this.prisma.providerKey.create({
        data: { providerId, ...columns, ...sealedColumns(sealed) },
        include: withProvider,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
  }

  update(id: string, data: Partial<ProviderKeySettings> & { status?: ProviderKeyStatus }) {
    return this.prisma.providerKey.update({ where: { id }, data, include: withProvider });
  }

  softDelete(id: string, at: Date) {
    return this.prisma.providerKey.update({ where: { id }, data: { deletedAt: at }, include: withProvider });
  }

  recordTest(
    id: string,
    test: { at: Date; ok: boolean; error: string | null },
    status: ProviderKeyStatus | undefined,
  ) {
    return this.prisma.providerKey.update({
      where: { id },
      data: {
        lastTestedAt: test.at,
        lastTestOk: test.ok,
        lastTestError: test.error,
        ...(status ? { status } : {}),
      },
      include: withProvider,
    });
  }

  /** Only an active key moves to auth_failed: a disabled or deleted one stays as the admin left it. */
  async markAuthFailed(id: string, reason: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.providerKey.updateMany({
      where: { id, status: 'active', deletedAt: null },
      data: { status: 'auth_failed', lastTestedAt: at, lastTestOk: false, lastTestError: reason },
    });
    return count === 1;
  }

  /** Creates the new providers and all keys in one transaction: an import is saved whole or not at all. */
  async importAll(
    newProviders: { name: string; type: ProviderType; baseUrl: string }[],
    keys: (NewProviderKey & { providerName: string })[],
    existingProviderIds: ReadonlyMap<string, string>,
  ) {
    try {
      return await this.prisma.$transaction(
        async (tx) => {
          const providerIds = new Map(existingProviderIds);
          for (const provider of newProviders) {
            const created = await tx.provider.create({ data: provider, select: { id: true } });
            providerIds.set(provider.name, created.id);
          }
          const created = [];
          for (const { providerName, sealed, ...columns } of keys) {
            created.push(
              await tx.providerKey.create({
                data: { providerId: providerIds.get(providerName)!, ...columns, ...sealedColumns(sealed) },
                include: withProvider,
              }),
            );
          }
          return created;
        },
        { timeout: 120_000, maxWait: 10_000 },
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ProviderKeysException(
          ProviderKeysErrorCode.Duplicate,
          'A key or provider of this import was stored by someone else meanwhile; nothing was saved, run it again',
          'content',
        );
      }
      throw error;
    }
  }

  /**
   * Re-encrypts one batch of rows (deleted ones included) not yet under `currentVersion`, in one transaction. A row
   * is only overwritten if it still carries the version it was read with, so concurrent runs never clobber each other.
   * `reseal` answers null for a row it cannot decrypt; such rows are skipped and reported.
   */
  async resealBatch(
    afterId: string | undefined,
    size: number,
    currentVersion: number,
    reseal: (row: StoredSecret) => SealedProviderKey | null,
  ): Promise<ResealBatch> {
    return this.prisma.$transaction(
      async (tx) => {
        const rows = await tx.providerKey.findMany({
          where: { keyVersion: { not: currentVersion }, ...(afterId ? { id: { gt: afterId } } : {}) },
          orderBy: { id: 'asc' },
          take: size,
          select: { id: true, ciphertext: true, iv: true, tag: true, keyVersion: true },
        });
        const batch: ResealBatch = {
          lastId: rows.at(-1)?.id,
          scanned: rows.length,
          resealed: 0,
          unreadable: [],
        };
        for (const row of rows) {
          const sealed = reseal(row);
          if (!sealed) {
            batch.unreadable.push(row.id);
            continue;
          }
          const { count } = await tx.providerKey.updateMany({
            where: { id: row.id, keyVersion: row.keyVersion },
            data: sealedColumns(sealed),
          });
          batch.resealed += count;
        }
        return batch;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  countUnderVersion(version: number) {
    return this.prisma.providerKey.count({ where: { keyVersion: version } });
  }
}

export type ProviderKeyWithProvider = Prisma.ProviderKeyGetPayload<{ include: typeof withProvider }>;
