import { Inject, Injectable } from '@nestjs/common';
import { lastFour, SecretDecryptionError } from '@switchyard/crypto';
import { type KeyTestResult, type ProviderKey } from '@switchyard/contracts';
import { z } from 'zod';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type ProviderKeyStatus } from '../../database/generated/enums.js';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import {
  type ProviderKeysChange,
  type ProviderKeysListener,
  ProviderChangeFeed,
} from '../providers/provider-change-feed.js';
import { ProvidersRepository } from '../providers/providers.repository.js';
import { PriceTable } from '../pricing/price-table.js';
import { type KeyCheck, ProviderKeyChecker, safeReason } from './provider-key-checker.js';
import { probeModel } from './probe-model.js';
import { ProviderKeyCipher } from './provider-key-cipher.js';
import { toProviderKeyView } from './provider-key.view.js';
import { type ProviderKeyWithSecret } from './provider-key-with-secret.js';
import { ProviderKeysErrorCode, ProviderKeysException } from './provider-keys.exception.js';
import {
  type ProviderKeySettings,
  ProviderKeysRepository,
  type ProviderKeyWithProvider,
} from './provider-keys.repository.js';
import {
  type CreateProviderKeyBody,
  type ListProviderKeysQuery,
  type UpdateProviderKeyBody,
} from './provider-keys.schemas.js';

const KEY_POOL_ACTOR: Actor = {
  kind: 'system',
  label: 'key-pool',
  ip: null,
  userAgent: null,
  requestId: 'key-pool',
};

const cursorShape = z.object({ at: z.iso.datetime(), id: z.uuid() });

@Injectable()
export class ProviderKeysService {
  constructor(
    private readonly keys: ProviderKeysRepository,
    private readonly providers: ProvidersRepository,
    private readonly cipher: ProviderKeyCipher,
    private readonly checker: ProviderKeyChecker,
    private readonly audit: AuditService,
    private readonly changes: ProviderChangeFeed,
    private readonly pricing: PriceTable,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async list(query: ListProviderKeysQuery): Promise<Page<ProviderKey>> {
    const after = decodeCursor(query.cursor, cursorShape);
    const rows = await this.keys.list(query, after, query.limit + 1);
    const page = toPage(rows, query.limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
    return { items: page.items.map(toProviderKeyView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<ProviderKey> {
    return toProviderKeyView(await this.requireLive(id));
  }

  async create(auth: AuthContext, body: CreateProviderKeyBody): Promise<ProviderKey> {
    const provider = await this.providers.findByName(body.provider);
    if (!provider) {
      throw new ProviderKeysException(
        ProviderKeysErrorCode.UnknownProvider,
        `No provider named ${body.provider}`,
        'provider',
      );
    }
    const duplicates = await this.keys.findLiveByDigests(
      [provider.id],
      this.cipher.digestsUnderEveryKey(body.secret),
    );
    if (duplicates.length > 0) {
      throw new ProviderKeysException(
        ProviderKeysErrorCode.Duplicate,
        `This key is already stored for ${provider.name}`,
        'secret',
      );
    }
    const checkedAt = new Date();
    if (body.validate) {
      const check = await this.checker.check(provider, body.secret, auth.requestId);
      if (!check.ok) {
        throw new ProviderKeysException(
          ProviderKeysErrorCode.ValidationFailed,
          `${provider.name} refused the key: ${check.error ?? 'unknown error'}`,
          'secret',
        );
      }
    }
    const last4 = lastFour(body.secret);
    const key = await this.keys.create(provider.id, {
      sealed: this.cipher.seal(body.secret),
      last4,
      label: body.label ?? `${provider.name} …${last4}`,
      tier: body.tier,
      weight: body.weight,
      maxConcurrency: body.maxConcurrency ?? null,
      models: body.models,
      dailyRequestQuota: body.dailyRequestQuota ?? null,
      dailyTokenQuota: body.dailyTokenQuota ?? null,
      quotaResetUtc: body.quotaResetUtc ?? null,
      lastTestedAt: body.validate ? checkedAt : null,
      lastTestOk: body.validate ? true : null,
    });
    const view = toProviderKeyView(key);
    await this.audit.record(
      auth,
      'provider_key.create',
      { type: 'provider_key', id: key.id },
      { after: view },
    );
    this.logger.info(
      { requestId: auth.requestId, keyId: key.id, provider: provider.name, last4 },
      'provider key created',
    );
    await this.announce({ reason: 'key_created', keyIds: [key.id], provider: provider.name });
    return view;
  }

  async update(auth: AuthContext, id: string, body: UpdateProviderKeyBody): Promise<ProviderKey> {
    const existing = await this.requireLive(id);
    const before = toProviderKeyView(existing);
    const { enabled, ...settings } = body;
    const changes: Partial<ProviderKeySettings> & { status?: ProviderKeyStatus } = {
      ...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)),
    };
    if (enabled === false && existing.status === 'active') changes.status = 'disabled';
    if (enabled === true && existing.status === 'disabled') changes.status = 'active';
    if (enabled === true && existing.status === 'auth_failed') {
      // The provider rejected this key; only proof that it accepts it again brings it back.
      const test = await this.test(auth, id);
      if (!test.ok) {
        throw new ProviderKeysException(
          ProviderKeysErrorCode.ValidationFailed,
          `${existing.provider.name} still refuses the key: ${test.error ?? 'unknown error'}`,
          'enabled',
        );
      }
    }
    if (Object.keys(changes).length === 0) return this.get(id);
    const after = toProviderKeyView(await this.keys.update(id, changes));
    await this.audit.record(auth, 'provider_key.update', { type: 'provider_key', id }, { before, after });
    await this.announce({ reason: 'key_updated', keyIds: [id], provider: after.provider });
    return after;
  }

  async remove(auth: AuthContext, id: string): Promise<void> {
    const existing = await this.requireLive(id);
    await this.keys.softDelete(id, new Date());
    await this.audit.record(
      auth,
      'provider_key.delete',
      { type: 'provider_key', id },
      { before: toProviderKeyView(existing) },
    );
    await this.announce({ reason: 'key_deleted', keyIds: [id], provider: existing.provider.name });
  }

  /**
   * Proof that the stored key can serve: a 1-token completion on a cheap model it serves. Records the outcome; only
   * a pass re-activates a key disabled for auth, so a key with no quota or a revoked one never comes back.
   */
  async test(auth: AuthContext, id: string): Promise<KeyTestResult> {
    const existing = await this.requireLive(id);
    const secret = this.decrypt(existing);
    const model = probeModel(existing.provider.name, existing.models, this.pricing);
    const check: KeyCheck =
      model === null
        ? {
            ok: false,
            latencyMs: 0,
            error: `no model to probe for ${existing.provider.name}: set the models this key serves`,
          }
        : await this.checker.probe(existing.provider, secret, model, auth.requestId);
    const reactivate = check.ok && existing.status === 'auth_failed';
    const tested = await this.keys.recordTest(
      id,
      { at: new Date(), ok: check.ok, error: check.error ?? null },
      reactivate ? 'active' : undefined,
    );
    await this.audit.record(
      auth,
      'provider_key.test',
      { type: 'provider_key', id },
      {
        before: { status: existing.status },
        after: {
          ok: check.ok,
          latencyMs: check.latencyMs,
          model,
          error: check.error ?? null,
          status: tested.status,
        },
      },
    );
    if (reactivate) {
      await this.announce({ reason: 'key_status', keyIds: [id], provider: existing.provider.name });
    }
    return {
      ok: check.ok,
      latencyMs: check.latencyMs,
      model,
      ...(check.error ? { error: check.error } : {}),
      keyStatus: tested.status,
    } satisfies KeyTestResult;
  }

  /**
   * Every key not deleted, decrypted, for the gateway's key pool; whatever their status, which the pool must honour
   * (only `active` keys may be leased). A key whose master key is not loaded is logged and left out.
   */
  async loadActiveKeysWithSecrets(): Promise<ProviderKeyWithSecret[]> {
    const rows = await this.keys.findAllLive();
    return rows.flatMap((row) => {
      const key = this.withSecret(row);
      return key ? [key] : [];
    });
  }

  /** One key as `loadActiveKeysWithSecrets` gives it, or null if it is deleted, unknown or unreadable. */
  async loadKeyWithSecret(id: string): Promise<ProviderKeyWithSecret | null> {
    const row = await this.keys.findLive(id);
    return row ? this.withSecret(row) : null;
  }

  /**
   * Calls `listener` whenever keys or providers change, from this replica or (with REDIS_URL) any other. Returns
   * a function that unsubscribes.
   */
  onKeysChanged(listener: ProviderKeysListener): () => void {
    return this.changes.subscribe(listener);
  }

  /**
   * For the key pool, when a provider rejects a key's credentials on live traffic: the key stops being served until
   * an admin test passes. Returns false when there was nothing to change (already failed, disabled or deleted).
   */
  async markAuthFailed(keyId: string, reason: string): Promise<boolean> {
    const existing = await this.keys.findLive(keyId);
    if (!existing) return false;
    const safe = safeReason(reason, this.decryptOrNull(existing) ?? '\u0000');
    const changed = await this.keys.markAuthFailed(keyId, safe, new Date());
    if (!changed) return false;
    await this.audit.record(
      KEY_POOL_ACTOR,
      'provider_key.auth_failed',
      { type: 'provider_key', id: keyId },
      { before: { status: existing.status }, after: { status: 'auth_failed', reason: safe } },
    );
    this.logger.warn(
      { keyId, provider: existing.provider.name, reason: safe },
      'provider key disabled: auth failed',
    );
    await this.announce({ reason: 'key_status', keyIds: [keyId], provider: existing.provider.name });
    return true;
  }

  private async requireLive(id: string): Promise<ProviderKeyWithProvider> {
    const key = await this.keys.findLive(id);
    if (!key)
      throw new ProviderKeysException(ProviderKeysErrorCode.NotFound, `No provider key with id ${id}`, 'id');
    return key;
  }

  private decrypt(row: ProviderKeyWithProvider): string {
    const secret = this.decryptOrNull(row);
    if (secret === null) {
      throw new ProviderKeysException(
        ProviderKeysErrorCode.MasterKeyMissing,
        'This key was encrypted under a master key that is not loaded; add it to SWITCHYARD_PREVIOUS_MASTER_KEYS',
      );
    }
    return secret;
  }

  private decryptOrNull(row: ProviderKeyWithProvider): string | null {
    try {
      return this.cipher.open({
        ciphertext: Buffer.from(row.ciphertext),
        iv: Buffer.from(row.iv),
        tag: Buffer.from(row.tag),
        keyVersion: row.keyVersion,
      });
    } catch (error) {
      if (!(error instanceof SecretDecryptionError)) throw error;
      this.logger.error(
        { keyId: row.id, keyVersion: row.keyVersion },
        `provider key unreadable: ${error.message}`,
      );
      return null;
    }
  }

  private withSecret(row: ProviderKeyWithProvider): ProviderKeyWithSecret | null {
    const secret = this.decryptOrNull(row);
    if (secret === null) return null;
    return {
      id: row.id,
      provider: {
        name: row.provider.name,
        type: row.provider.type,
        baseUrl: row.provider.baseUrl,
        servesResponses: row.provider.servesResponses,
      },
      secret,
      label: row.label,
      tier: row.tier,
      weight: row.weight,
      maxConcurrency: row.maxConcurrency,
      models: row.models,
      dailyRequestQuota: row.dailyRequestQuota,
      dailyTokenQuota: row.dailyTokenQuota,
      quotaResetUtc: row.quotaResetUtc,
      status: row.status,
    };
  }

  private announce(change: ProviderKeysChange): Promise<void> {
    return this.changes.publish(change);
  }
}
