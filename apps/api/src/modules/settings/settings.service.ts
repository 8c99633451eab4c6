import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type RuntimeSettings } from '@switchyard/contracts';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Prisma } from '../../database/generated/client.js';
import { type Logger } from '../../common/logging/logger.js';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { ConfigChangeFeed } from './config-change-feed.js';
import {
  SETTING_DEFINITIONS,
  type SettingName,
  type Settings,
  type UpdateSettingsBody,
} from './settings.schemas.js';
import { SettingsRepository } from './settings.repository.js';

const NAMES = Object.keys(SETTING_DEFINITIONS) as SettingName[];

const defaults = (): Settings =>
  Object.fromEntries(NAMES.map((name) => [name, SETTING_DEFINITIONS[name].fallback])) as Settings;

/**
 * Runtime settings. The gateway reads them from an in-memory snapshot (never the database on a request),
 * refreshed when an admin changes them, on every replica through the change feed, and every 30 s.
 */
@Injectable()
export class SettingsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private snapshot: Settings = defaults();
  private stopRefreshing: (() => void) | undefined;

  constructor(
    private readonly repository: SettingsRepository,
    private readonly audit: AuditService,
    private readonly changes: ConfigChangeFeed,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Whether a request under a budget may use a model that has no price (its cost unknown, not zero). */
  allowUnpricedModels(): boolean {
    return this.snapshot.allowUnpricedModels;
  }

  /** The admin's patterns for logged bodies; a new array whenever they change. */
  bodyLogRedactions(): readonly { name: string; pattern: string }[] {
    return this.snapshot.bodyLogRedactions;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.stopRefreshing = this.changes.keepFresh('settings', () => this.refresh(), 'the settings snapshot');
  }

  onApplicationShutdown(): void {
    this.stopRefreshing?.();
  }

  get(): Promise<RuntimeSettings> {
    return this.load();
  }

  async update(auth: Actor, body: UpdateSettingsBody): Promise<RuntimeSettings> {
    const before = await this.load();
    const changed = NAMES.filter(
      (name) => body[name] !== undefined && JSON.stringify(body[name]) !== JSON.stringify(before[name]),
    );
    if (changed.length === 0) return before;
    await this.repository.upsertMany(
      changed.map((name) => ({
        key: SETTING_DEFINITIONS[name].key,
        value: body[name] as Prisma.InputJsonValue,
      })),
    );
    const after = { ...before, ...body };
    await this.audit.record(auth, 'settings.update', { type: 'settings' }, { before, after });
    this.snapshot = after;
    await this.changes.publish({ topic: 'settings' });
    return after;
  }

  private async refresh(): Promise<void> {
    this.snapshot = await this.load();
  }

  /** A stored value that no longer fits its schema (a hand edit) counts as unset, not as a crash. */
  private async load(): Promise<Settings> {
    const rows = await this.repository.findMany(NAMES.map((name) => SETTING_DEFINITIONS[name].key));
    const settings = defaults();
    for (const name of NAMES) {
      const row = rows.find((r) => r.key === SETTING_DEFINITIONS[name].key);
      const parsed = SETTING_DEFINITIONS[name].schema.safeParse(row?.value);
      if (row && parsed.success) (settings as Record<SettingName, unknown>)[name] = parsed.data;
      else if (row) this.logger.warn({ key: row.key }, 'ignoring a stored setting of the wrong type');
    }
    return settings;
  }
}
