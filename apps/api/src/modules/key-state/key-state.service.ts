import { Injectable } from '@nestjs/common';
import { type KeyState } from '@switchyard/contracts';
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

  /** The pool's live view, one item per key, with today's cost per model from the usage rollups. */
  async list(cursor: string | undefined, limit: number): Promise<Page<KeyState>> {
    const after = decodeCursor(cursor, z.string());
    const views = this.gateway
      .snapshot()
      .filter((view) => after === undefined || view.keyId > after)
      .sort((a, b) => (a.keyId < b.keyId ? -1 : 1));
    const page = toPage(views, limit, (view) => view.keyId);
    const [costs, last4] = await Promise.all([
      this.repository.costTodayByKeyModel(),
      this.repository.last4ByKey(page.items.map((view) => view.keyId)),
    ]);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map(
        (view) =>
          ({
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
              costUsd: Number(costs.get(`${view.keyId}|${view.provider}/${model.model}`) ?? 0n) / 1e6,
            })),
          }) satisfies KeyState,
      ),
    };
  }
}
