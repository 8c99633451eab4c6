import { Injectable } from '@nestjs/common';
import { type KeyLimits, type KeyState } from '@switchyard/contracts';
import { type KeyStateView } from '@switchyard/key-pool';
import { AuditService } from '../audit/audit.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import { Permission, roleAllows } from '../auth/permissions.js';
import { GatewayKeyPool } from '../gateway-pool/gateway-key-pool.js';
import { KeyPoolSync } from '../gateway-pool/key-pool-sync.js';
import { PriceTable } from '../pricing/price-table.js';
import { isOpenRouter, ProviderKeyChecker } from '../provider-keys/provider-key-checker.js';
import { type ProviderKeyWithSecret } from '../provider-keys/provider-key-with-secret.js';
import { ProviderKeysErrorCode, ProviderKeysException } from '../provider-keys/provider-keys.exception.js';
import { ProviderKeysService } from '../provider-keys/provider-keys.service.js';
import { probeModel } from '../provider-keys/probe-model.js';
import { KeyOperationsErrorCode, KeyOperationsException } from './key-operations.exception.js';
import { headersView } from './key-limits.view.js';
import { KeyStateService } from './key-state.service.js';

/** An admin's operations on one key's live state: the pool does the work, on every replica. */
@Injectable()
export class KeyOperationsService {
  constructor(
    private readonly gateway: GatewayKeyPool,
    private readonly sync: KeyPoolSync,
    private readonly keyState: KeyStateService,
    private readonly keys: ProviderKeysService,
    private readonly checker: ProviderKeyChecker,
    private readonly pricing: PriceTable,
    private readonly audit: AuditService,
  ) {}

  /** Ends every rest of the key for every model, restarts escalation, closes breakers; audited. */
  async reset(auth: AuthContext, id: string): Promise<KeyState> {
    await this.keys.get(id);
    if (!this.gateway.hasKey(id)) await this.sync.resync();
    const before = this.summary(id);
    if (!this.gateway.resetKey(id)) {
      throw new KeyOperationsException(
        KeyOperationsErrorCode.NotInPool,
        'The key is not loaded in the gateway (its secret cannot be decrypted); nothing to reset',
        'id',
      );
    }
    // Otherwise a restart before the next periodic snapshot would bring the old rests back.
    await this.sync.saveSnapshot();
    await this.audit.record(
      auth,
      'provider_key.reset',
      { type: 'provider_key', id },
      { before, after: this.summary(id) },
    );
    return (await this.keyState.item(id))!;
  }

  async limits(auth: AuthContext, id: string, refresh: boolean): Promise<KeyLimits> {
    if (refresh && !roleAllows(auth.role, Permission.ProvidersManage)) {
      throw new KeyOperationsException(
        KeyOperationsErrorCode.RefreshForbidden,
        'refresh=true makes a live call with the key, which this role may not do',
        'refresh',
      );
    }
    await this.keys.get(id);
    const key = await this.keys.loadKeyWithSecret(id);
    if (!key) {
      throw new ProviderKeysException(
        ProviderKeysErrorCode.MasterKeyMissing,
        'This key was encrypted under a master key that is not loaded; add it to SWITCHYARD_PREVIOUS_MASTER_KEYS',
      );
    }
    const [refreshed, openrouter] = await Promise.all([
      refresh ? this.refresh(key) : null,
      isOpenRouter(key.provider) ? this.openRouterFigures(key) : null,
    ]);
    return {
      keyId: id,
      provider: key.provider.name,
      headers: headersView(await this.gateway.lastSeenLimits(id)),
      openrouter,
      refreshed,
    } satisfies KeyLimits;
  }

  /** One 1-token completion: the cheapest call whose answer carries the rate-limit headers. */
  private async refresh(key: ProviderKeyWithSecret): Promise<KeyLimits['refreshed']> {
    const model = probeModel(key.provider.name, key.models, this.pricing);
    if (model === null) {
      return { ok: false, latencyMs: 0, model, error: 'no model to call: set the models this key serves' };
    }
    const check = await this.checker.probe(key.provider, key.secret, model);
    if (check.headers) this.gateway.observeHeaders(key.id, model, check.headers);
    return {
      ok: check.ok,
      latencyMs: check.latencyMs,
      model,
      ...(check.error ? { error: check.error } : {}),
    };
  }

  private async openRouterFigures(key: ProviderKeyWithSecret): Promise<KeyLimits['openrouter']> {
    const { check, info } = await this.checker.openRouterKey(key.provider, key.secret);
    if (info) return { ...info, fetchedAt: new Date().toISOString() };
    return { error: check.error ?? 'the key endpoint answered something else' };
  }

  /** What the audit keeps of the key's live state: enough to see what a reset lifted. */
  private summary(id: string) {
    const view: KeyStateView | undefined = this.gateway.snapshot().find((item) => item.keyId === id);
    if (!view) return null;
    return {
      status: view.status,
      cooldownUntil: view.cooldownUntil === null ? null : new Date(view.cooldownUntil).toISOString(),
      reason: view.reason,
      coolingModels: view.models
        .filter((model) => model.cooldownUntil !== null)
        .map((model) => ({ model: model.model, reason: model.reason })),
    };
  }
}
