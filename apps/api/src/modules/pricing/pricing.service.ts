import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type Price } from '@switchyard/contracts';
import { z } from 'zod';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import { ConfigChangeFeed } from '../settings/config-change-feed.js';
import { DEFAULT_PRICES } from './default-prices.js';
import { PriceTable } from './price-table.js';
import { PricingErrorCode, PricingException } from './pricing.exception.js';
import { PricingRepository } from './pricing.repository.js';
import { type ListPricesQuery, type UpsertPriceBody } from './pricing.schemas.js';
import { toPriceView } from './price.view.js';
import { type ModelPrice } from './model-price.js';

const SEEDER = {
  kind: 'system' as const,
  label: 'pricing-defaults',
  ip: null,
  userAgent: null,
  requestId: 'startup',
};

const idOf = (price: { provider: string; model: string }) => `${price.provider}/${price.model}`;

@Injectable()
export class PricingService implements OnApplicationBootstrap {
  constructor(
    private readonly repository: PricingRepository,
    private readonly prices: PriceTable,
    private readonly audit: AuditService,
    private readonly changes: ConfigChangeFeed,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seedDefaults();
    await this.prices.refresh();
  }

  /**
   * Seeds each default price once, ever: a row that exists (an admin's edit) is never overwritten, and a default
   * an admin deleted is not brought back, because every seeded id is remembered. New defaults of a later
   * release are seeded at its first start.
   */
  async seedDefaults(): Promise<void> {
    const seeded = new Set(await this.repository.seededDefaults());
    const offered = DEFAULT_PRICES.filter((price) => !seeded.has(idOf(price)));
    if (offered.length === 0) return;
    const inserted = await this.repository.insertMissing(offered);
    await this.repository.recordSeededDefaults([...seeded, ...offered.map(idOf)]);
    if (inserted > 0) {
      await this.audit.record(
        SEEDER,
        'pricing.seed',
        { type: 'pricing' },
        { after: { inserted, offered: offered.map(idOf) } },
      );
      this.logger.info({ inserted }, 'seeded default model prices');
    }
  }

  async list(query: ListPricesQuery): Promise<Page<Price>> {
    const after = decodeCursor(query.cursor, z.tuple([z.string(), z.string()]));
    const rows = await this.repository.list(query.provider, after, query.limit + 1);
    const page = toPage(rows, query.limit, (row) => [row.provider, row.model]);
    return { items: page.items.map(toPriceView), nextCursor: page.nextCursor };
  }

  /** Every stored price, for the configuration file's comparison. */
  all(): Promise<ModelPrice[]> {
    return this.repository.all();
  }

  async upsert(auth: Actor, body: UpsertPriceBody): Promise<Price> {
    const before = await this.repository.find(body.provider, body.model);
    const saved = await this.repository.upsert({
      provider: body.provider,
      model: body.model,
      inputMicrosPerMTok: body.inputUsdPerMTok,
      outputMicrosPerMTok: body.outputUsdPerMTok,
      cachedInputMicrosPerMTok: body.cachedInputUsdPerMTok ?? null,
      cacheWriteMicrosPerMTok: body.cacheWriteUsdPerMTok ?? null,
      maxOutputTokens: body.maxOutputTokens ?? null,
    });
    const view = toPriceView(saved);
    await this.audit.record(
      auth,
      before ? 'pricing.update' : 'pricing.create',
      { type: 'model_price', id: idOf(saved) },
      { before: before ? withoutTimestamp(toPriceView(before)) : null, after: withoutTimestamp(view) },
    );
    await this.announce();
    return view;
  }

  async remove(auth: AuthContext, provider: string, model: string): Promise<Price> {
    const existing = await this.repository.find(provider, model);
    if (!existing || !(await this.repository.delete(provider, model))) {
      throw new PricingException(
        PricingErrorCode.PriceNotFound,
        `No price for ${provider}/${model}`,
        'model',
      );
    }
    const view = toPriceView(existing);
    await this.audit.record(
      auth,
      'pricing.delete',
      { type: 'model_price', id: idOf(existing) },
      {
        before: withoutTimestamp(view),
      },
    );
    await this.announce();
    return view;
  }

  private async announce(): Promise<void> {
    await this.prices.refresh();
    await this.changes.publish({ topic: 'pricing' });
  }
}

function withoutTimestamp(view: Price): Omit<Price, 'updatedAt'> {
  const { updatedAt: _updatedAt, ...rest } = view;
  return rest;
}
