import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { AuditService } from '../audit/audit.service.js';
import { BUILT_IN_PROVIDERS } from './built-in-providers.js';
import { ProvidersRepository } from './providers.repository.js';

/**
 * Creates the built-in providers that do not exist yet, at every start. Existing rows are left alone, so a base URL an
 * admin changed survives restarts; replicas starting together cannot create one twice (the name is unique).
 */
@Injectable()
export class BuiltInProvidersSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly providers: ProvidersRepository,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const present = new Set(
      (await this.providers.findNames(BUILT_IN_PROVIDERS.map((p) => p.name))).map((p) => p.name),
    );
    const missing = BUILT_IN_PROVIDERS.filter((p) => !present.has(p.name));
    if (missing.length === 0) return;
    const { count } = await this.providers.createMissing(missing.map((p) => ({ ...p, builtIn: true })));
    if (count === 0) return;
    await this.audit.record(
      { kind: 'system', label: 'bootstrap', ip: null, userAgent: null, requestId: 'bootstrap' },
      'provider.seed',
      { type: 'provider', id: null },
      { after: { providers: missing.map((p) => p.name) } },
    );
    this.logger.info({ providers: missing.map((p) => p.name) }, 'seeded built-in providers');
  }
}
