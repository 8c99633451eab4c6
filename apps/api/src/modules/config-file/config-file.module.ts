import { Module } from '@nestjs/common';
import { CreditsModule } from '../credits/credits.module.js';
import { PricingModule } from '../pricing/pricing.module.js';
import { ProviderKeysModule } from '../provider-keys/provider-keys.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { ProxyTokensModule } from '../proxy-tokens/proxy-tokens.module.js';
import { RoutesModule } from '../routes/routes.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { ConfigApplyController } from './config-apply.controller.js';
import { ConfigApplyService } from './config-apply.service.js';
import { ConfigFileApplier } from './config-file.applier.js';
import { ConfigFileImport } from './config-file-import.js';
import { ConfigFilePlanner } from './config-file.planner.js';
import { ConfigImportLock } from './config-import-lock.repository.js';

/**
 * SWITCHYARD_CONFIG, applied at start. It imports every module whose data the file declares, so its start-up
 * hook runs after theirs (built-in providers seeded, the route table loaded) and it writes through their
 * services only.
 */
@Module({
  imports: [
    ProvidersModule,
    ProviderKeysModule,
    TeamsModule,
    CreditsModule,
    ProxyTokensModule,
    RoutesModule,
    PricingModule,
    SettingsModule,
  ],
  controllers: [ConfigApplyController],
  providers: [ConfigFileImport, ConfigApplyService, ConfigFilePlanner, ConfigFileApplier, ConfigImportLock],
})
export class ConfigFileModule {}
