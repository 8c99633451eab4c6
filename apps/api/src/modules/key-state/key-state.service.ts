import { Injectable } from '@nestjs/common';
import { type KeyState } from '@switchyard/contracts';
import { type KeyStateView } from '@switchyard/key-pool';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { GatewayKeyPool } from '../gateway-pool/gateway-key-pool.js';
import { KeyStateRepository } from './key-state.repository.js';

const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

@Injectable()
export class KeyStateService {
  constructor(
    private readonly gateway: GatewayKeyPool,
    private readonly repository: KeyStateRepository,
  ) {}

  /** The pool's live view, one item per key, with today's requests and cost per model from the usage rollups. */
  async list(cursor: string | undefined, limit: number): Promise<Page<KeyState>> {
    const after = decodeCursor(cursor, z.string());
    const views = this.gateway
      .snapshot()
      .filter((view) => after === undefined || view.keyId > after)
      .sort((a, b) => (a.keyId < b.keyId ? -1 : 1));
    const page = toPage(views, limit, (view) => view.keyId);
    return { nextCursor: page.nextCursor, items: await this.itemsOf(page.items) };
  }

  /** One key's item, as the list shows it; null when the pool does not hold the key. */
  async item(keyId: string): Promise<KeyState | null> {
    const view = this.gateway.snapshot().find((candidate) => candidate.keyId === keyId);
    return view ? ((await this.itemsOf([view]))[0] ?? null) : null;
  }

  private async itemsOf(views: readonly KeyStateView[]): Promise<KeyState[]> {
    const [todays, last4] = await Promise.all([
      this.repository.todayByKeyModel(),
      this.repository.last4ByKey(views.map((view) => view.keyId)),
    ]);
    return views.map((view) => {
      const today = (model: string) => todays.get(`${view.keyId}|${view.provider}/${model}`);
      return {
        keyId: view.keyId,
        provider: view.provider,
        label: view.label ?? null,
        last4: last4.get(view.keyId) ?? null,
        // The gateway gives the pool stored keys only, whose tiers are the three named ones.
        tier: view.tier as KeyState['tier'],
        status: view.status,
        cooldownUntil: iso(view.cooldownUntil),
        reason: view.reason,
        inFlight: view.inFlight,
        quota: view.quota,
        models: view.models.map((model) => ({
          model: model.model,
          status: model.status,
          cooldownUntil: iso(model.cooldownUntil),
          reason: model.reason,
          consecutiveFailures: model.consecutiveFailures,
          inFlight: model.inFlight,
          requests: model.requests,
          failures: model.failures,
          p50Ms: model.p50Ms,
          p95Ms: model.p95Ms,
          requestsToday: Number(today(model.model)?.requests ?? 0n),
          costUsd: Number(today(model.model)?.cost ?? 0n) / 1e6,
        })),
      } satisfies KeyState;
    });
  }
}
