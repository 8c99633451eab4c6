import { Module } from '@nestjs/common';
import { CreditsModule } from '../credits/credits.module.js';
import { KeyStateModule } from '../key-state/key-state.module.js';
import { PricingModule } from '../pricing/pricing.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { ProxyTokensModule } from '../proxy-tokens/proxy-tokens.module.js';
import { RoutesModule } from '../routes/routes.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { CatalogService } from './catalog.service.js';
import { ProxyController } from './proxy.controller.js';
import { ProxyService } from './proxy.service.js';
import { TokenRateLimiter } from './token-rate-limiter.js';

@Module({
  imports: [
    CreditsModule,
    KeyStateModule,
    PricingModule,
    ProvidersModule,
    ProxyTokensModule,
    RoutesModule,
    SettingsModule,
  ],
  controllers: [ProxyController],
  providers: [ProxyService, CatalogService, TokenRateLimiter],
})
export class ProxyModule {}
