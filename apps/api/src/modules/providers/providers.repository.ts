import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../database/generated/client.js';
import { type ProviderType } from '../../database/generated/enums.js';
import { ProvidersErrorCode, ProvidersException } from './providers.exception.js';

const withLiveKeyCount = { _count: { select: { keys: { where: { deletedAt: null } } } } } as const;

export class ProviderStillHasKeys extends Error {}

export const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

@Injectable()
export class ProvidersRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(afterName: string | undefined, take: number) {
    return this.prisma.provider.findMany({
      where: afterName ? { name: { gt: afterName } } : {},
      orderBy: { name: 'asc' },
      take,
      include: withLiveKeyCount,
    });
  }

  findAll() {
    return this.prisma.provider.findMany({ orderBy: { name: 'asc' } });
  }

  findByName(name: string) {
    return this.prisma.provider.findUnique({ where: { name }, include: withLiveKeyCount });
  }

  findNames(names: string[]) {
    return this.prisma.provider.findMany({ where: { name: { in: names } }, select: { name: true } });
  }

  createMissing(
    providers: {
      name: string;
      type: ProviderType;
      baseUrl: string;
      servesResponses?: boolean;
      builtIn: boolean;
    }[],
  ) {
    return this.prisma.provider.createMany({ data: providers, skipDuplicates: true });
  }

  async create(data: { name: string; type: ProviderType; baseUrl: string; servesResponses?: boolean }) {
    try {
      return await this.prisma.provider.create({ data, include: withLiveKeyCount });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ProvidersException(
          ProvidersErrorCode.NameTaken,
          `A provider named ${data.name} already exists`,
          'name',
        );
      }
      throw error;
    }
  }

  update(id: string, data: { baseUrl: string; servesResponses: boolean }) {
    return this.prisma.provider.update({ where: { id }, data, include: withLiveKeyCount });
  }

  /**
   * Removes a provider and the rows of its deleted keys, which only existed for history. The live-key check runs in
   * the same transaction, and the foreign key refuses a key inserted concurrently.
   */
  async deleteWithRetiredKeys(id: string): Promise<void> {
    try {
      await this.prisma.$transaction(async (tx) => {
        const live = await tx.providerKey.count({ where: { providerId: id, deletedAt: null } });
        if (live > 0) throw new ProviderStillHasKeys();
        await tx.providerKey.deleteMany({ where: { providerId: id, deletedAt: { not: null } } });
        await tx.provider.delete({ where: { id } });
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') {
        throw new ProviderStillHasKeys();
      }
      throw error;
    }
  }
}
