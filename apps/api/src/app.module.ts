import { Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { LOGGER } from './common/logging/logger.token.js';
import { DrainState } from './common/lifecycle/drain-state.js';
import { type Logger } from './common/logging/logger.js';
import { DatabaseModule } from './database/database.module.js';
import { RedisModule } from './redis/redis.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { ApiKeysModule } from './modules/api-keys/api-keys.module.js';
import { TeamsModule } from './modules/teams/teams.module.js';
import { ProxyTokensModule } from './modules/proxy-tokens/proxy-tokens.module.js';
import { RequestsModule } from './modules/requests/requests.module.js';
import { RequestBodiesModule } from './modules/request-bodies/request-bodies.module.js';
import { UsageModule } from './modules/usage/usage.module.js';
import { SettingsModule } from './modules/settings/settings.module.js';
import { PricingModule } from './modules/pricing/pricing.module.js';
import { RoutesModule } from './modules/routes/routes.module.js';
import { CreditsModule } from './modules/credits/credits.module.js';
import { ProvidersModule } from './modules/providers/providers.module.js';
import { ProviderKeysModule } from './modules/provider-keys/provider-keys.module.js';
import { KeyStateModule } from './modules/key-state/key-state.module.js';
import { ProxyModule } from './modules/proxy/proxy.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { ConfigFileModule } from './modules/config-file/config-file.module.js';
import { SsoModule } from './modules/sso/sso.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';

export interface AppRuntime {
  config: AppConfig;
  databaseUrl: string;
  logger: Logger;
}

@Module({})
export class AppModule {
  static register(runtime: AppRuntime): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forUrl(runtime.databaseUrl, runtime.config.databaseTimeoutMs),
        RedisModule.forUrl(runtime.config.redisUrl),
        HealthModule,
        AuditModule,
        AuthModule,
        UsersModule,
        ApiKeysModule,
        TeamsModule,
        ProxyTokensModule,
        UsageModule,
        RequestsModule,
        RequestBodiesModule,
        SettingsModule,
        PricingModule,
        RoutesModule,
        CreditsModule,
        ProvidersModule,
        ProviderKeysModule,
        KeyStateModule,
        ProxyModule,
        MetricsModule,
        ConfigFileModule,
        SsoModule,
        NotificationsModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: runtime.config },
        { provide: LOGGER, useValue: runtime.logger },
        DrainState,
      ],
      exports: [APP_CONFIG, LOGGER, DrainState],
    };
  }
}
