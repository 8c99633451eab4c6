import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { type ModelPrice } from './model-price.js';

/** Which default prices were ever seeded, so a default an admin deleted is not seeded again. */
const SEEDED_DEFAULTS_KEY = 'pricing.seeded_defaults';

type PriceRow = {
  provider: string;
  model: string;
  inputPerMTok: bigint;
  outputPerMTok: bigint;
  cachedInputPerMTok: bigint | null;
  cacheWritePerMTok: bigint | null;
  maxOutputTokens: number | null;
  updatedAt: Date;
};

const toModelPrice = (row: PriceRow): ModelPrice & { updatedAt: Date } => ({
  provider: row.provider,
  model: row.model,
  inputMicrosPerMTok: row.inputPerMTok,
  outputMicrosPerMTok: row.outputPerMTok,
  cachedInputMicrosPerMTok: row.cachedInputPerMTok,
  cacheWriteMicrosPerMTok: row.cacheWritePerMTok,
  maxOutputTokens: row.maxOutputTokens,
  updatedAt: row.updatedAt,
});

const toRow = (price: ModelPrice) => ({
  provider: price.provider,
  model: price.model,
  inputPerMTok: price.inputMicrosPerMTok,
  outputPerMTok: price.outputMicrosPerMTok,
  cachedInputPerMTok: price.cachedInputMicrosPerMTok,
  cacheWritePerMTok: price.cacheWriteMicrosPerMTok,
  maxOutputTokens: price.maxOutputTokens,
});

@Injectable()
export class PricingRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(provider: string | undefined, after: [string, string] | undefined, take: number) {
    const rows = await this.prisma.modelPrice.findMany({
      where: {
        ...(provider ? { provider } : {}),
        ...(after
          ? { OR: [{ provider: { gt: after[0] } }, { provider: after[0], model: { gt: after[1] } }] }
          : {}),
      },
      orderBy: [{ provider: 'asc' }, { model: 'asc' }],
      take,
    });
    return rows.map(toModelPrice);
  }

  async all() {
    return (await this.prisma.modelPrice.findMany()).map(toModelPrice);
  }

  async find(provider: string, model: string) {
    const row = await this.prisma.modelPrice.findUnique({ where: { provider_model: { provider, model } } });
    return row ? toModelPrice(row) : null;
  }

  async upsert(price: ModelPrice) {
    const row = toRow(price);
    return toModelPrice(
      await this.prisma.modelPrice.upsert({
        where: { provider_model: { provider: price.provider, model: price.model } },
        create: row,
        update: row,
      }),
    );
  }

  async delete(provider: string, model: string): Promise<boolean> {
    const { count } = await this.prisma.modelPrice.deleteMany({ where: { provider, model } });
    return count > 0;
  }

  /** Inserts the prices whose provider/model has no row yet; an existing row is never touched. */
  async insertMissing(prices: readonly ModelPrice[]): Promise<number> {
    const { count } = await this.prisma.modelPrice.createMany({
      data: prices.map(toRow),
      skipDuplicates: true,
    });
    return count;
  }

  async seededDefaults(): Promise<string[]> {
    const row = await this.prisma.setting.findUnique({ where: { key: SEEDED_DEFAULTS_KEY } });
    return Array.isArray(row?.value) ? row.value.filter((v): v is string => typeof v === 'string') : [];
  }

  async recordSeededDefaults(ids: string[]): Promise<void> {
    await this.prisma.setting.upsert({
      where: { key: SEEDED_DEFAULTS_KEY },
      create: { key: SEEDED_DEFAULTS_KEY, value: ids },
      update: { value: ids },
    });
  }
}
