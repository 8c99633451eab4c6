import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { CreditsModule } from '../credits/credits.module.js';
import { GatewayKeyPool } from '../gateway-pool/gateway-key-pool.js';
import { GatewayPoolModule } from '../gateway-pool/gateway-pool.module.js';
import { PricingModule } from '../pricing/pricing.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { RequestBodiesModule } from '../request-bodies/request-bodies.module.js';
import { ProxyTokensModule } from '../proxy-tokens/proxy-tokens.module.js';
import { RoutesModule } from '../routes/routes.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { InFlightRequests } from './in-flight-requests.js';
import { ModelDirectoryService } from './model-directory.service.js';
import { ProxyController } from './proxy.controller.js';
import { ProxyAdmission } from './proxy-admission.js';
import { ProxyRequestGate } from './proxy-request-gate.js';
import { ProxySettlement } from './proxy-settlement.js';
import { ProxyService } from './proxy.service.js';
import { StoredResponseRetrieval } from './stored-response-retrieval.js';
import { StoredResponses } from './stored-responses.js';
import { TokenCountService } from './token-count.service.js';
import { TokenRateLimiter } from './token-rate-limiter.js';
import { UpstreamRelay } from './upstream-relay.js';

@Module({
  imports: [
    CreditsModule,
    GatewayPoolModule,
    PricingModule,
    ProvidersModule,
    ProxyTokensModule,
    RequestBodiesModule,
    RoutesModule,
    SettingsModule,
  ],
  controllers: [ProxyController],
  providers: [
    ProxyService,
    InFlightRequests,
    ProxyAdmission,
    ProxyRequestGate,
    ProxySettlement,
    {
      provide: UpstreamRelay,
      inject: [GatewayKeyPool, APP_CONFIG],
      useFactory: (keys: GatewayKeyPool, config: AppConfig) =>
        new UpstreamRelay(keys, {
          maxAttempts: config.maxAttempts,
          headersTimeoutMs: config.upstreamTimeoutMs,
          bodyIdleTimeoutMs: config.streamIdleTimeoutMs,
        }),
    },
    ModelDirectoryService,
    StoredResponseRetrieval,
    StoredResponses,
    TokenCountService,
    TokenRateLimiter,
  ],
  exports: [InFlightRequests],
})
export class ProxyModule {}
