import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigChangeFeed } from '../settings/config-change-feed.js';
import { type ModelPrice, priceLookupNames } from './model-price.js';
import { PricingRepository } from './pricing.repository.js';

const MAX_RESOLVED = 10_000;

const keyOf = (provider: string, model: string) => `${provider}\u0000${model}`;

/**
 * The price table for the gateway, held in memory: a lookup never touches the database. Refreshed after an
 * edit on this replica, on every replica through the change feed, and every 30 s.
 *
 * For the proxy: `priceOf(provider, model)` then `costMicros(price, usage)` from model-price.ts, both for the
 * maximum-cost estimate before the call (prompt tokens + max_tokens, no cache) and the real cost after it.
 */
@Injectable()
export class PriceTable implements OnApplicationBootstrap, OnApplicationShutdown {
  private prices = new Map<string, ModelPrice>();
  /**
   * Answers per provider, then per requested name (undated fallback included); rebuilt with the table. Two lookups
   * by strings the request already holds: a joined key would be built and hashed anew on every call.
   */
  private resolved = new Map<string, Map<string, ModelPrice | null>>();
  private resolvedCount = 0;
  private stopRefreshing: (() => void) | undefined;

  constructor(
    private readonly repository: PricingRepository,
    private readonly changes: ConfigChangeFeed,
  ) {}

  /** The price of a model, also found under its undated name (`gpt-4o-2024-08-06` → `gpt-4o`); null if unpriced. */
  priceOf(provider: string, model: string): ModelPrice | null {
    let byModel = this.resolved.get(provider);
    let price = byModel?.get(model);
    if (price !== undefined) return price;
    price = null;
    for (const name of priceLookupNames(model)) {
      price = this.prices.get(keyOf(provider, name)) ?? null;
      if (price) break;
    }
    if (this.resolvedCount >= MAX_RESOLVED) this.forgetResolved();
    byModel = this.resolved.get(provider);
    if (!byModel) this.resolved.set(provider, (byModel = new Map()));
    byModel.set(model, price);
    this.resolvedCount += 1;
    return price;
  }

  /** Every priced model, e.g. for the gateway's model list. */
  list(): ModelPrice[] {
    return [...this.prices.values()];
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.stopRefreshing = this.changes.keepFresh('pricing', () => this.refresh(), 'the price table');
  }

  onApplicationShutdown(): void {
    this.stopRefreshing?.();
  }

  async refresh(): Promise<void> {
    const rows = await this.repository.all();
    const prices = new Map<string, ModelPrice>();
    for (const row of rows) {
      prices.set(keyOf(row.provider, row.model), {
        provider: row.provider,
        model: row.model,
        inputMicrosPerMTok: row.inputMicrosPerMTok,
        outputMicrosPerMTok: row.outputMicrosPerMTok,
        cachedInputMicrosPerMTok: row.cachedInputMicrosPerMTok,
        cacheWriteMicrosPerMTok: row.cacheWriteMicrosPerMTok,
        maxOutputTokens: row.maxOutputTokens,
      });
    }
    this.prices = prices;
    this.forgetResolved();
  }

  private forgetResolved(): void {
    this.resolved = new Map();
    this.resolvedCount = 0;
  }
}
