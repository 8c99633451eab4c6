import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { PricingModule } from '../pricing/pricing.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { ProviderKeyImportService } from './import/provider-key-import.service.js';
import { ProviderKeyChecker } from './provider-key-checker.js';
import { ProviderKeyCipher } from './provider-key-cipher.js';
import { ProviderKeysController } from './provider-keys.controller.js';
import { ProviderKeysRepository } from './provider-keys.repository.js';
import { ProviderKeysService } from './provider-keys.service.js';

/**
 * Exports ProviderKeysService for the gateway (decrypted keys, change notifications and markAuthFailed), and
 * ProviderKeyImportService for the SWITCHYARD_CONFIG import, and ProviderKeyCipher for other sealed secrets.
 */
@Module({
  imports: [ProvidersModule, PricingModule],
  controllers: [ProviderKeysController],
  providers: [
    ProviderKeysService,
    ProviderKeyImportService,
    ProviderKeysRepository,
    ProviderKeyChecker,
    {
      provide: ProviderKeyCipher,
      useFactory: (config: AppConfig) =>
        ProviderKeyCipher.fromBase64(config.masterKey, config.previousMasterKeys),
      inject: [APP_CONFIG],
    },
  ],
  exports: [ProviderKeysService, ProviderKeyImportService, ProviderKeyChecker, ProviderKeyCipher],
})
export class ProviderKeysModule {}
