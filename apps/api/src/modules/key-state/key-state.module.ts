import { Module } from '@nestjs/common';
import { PricingModule } from '../pricing/pricing.module.js';
import { ProviderKeysModule } from '../provider-keys/provider-keys.module.js';
import { GatewayKeyPool } from './gateway-key-pool.js';
import { KeyOperationsController } from './key-operations.controller.js';
import { KeyOperationsService } from './key-operations.service.js';
import { KeyStateController } from './key-state.controller.js';
import { KeyStateRepository } from './key-state.repository.js';
import { KeyStateService } from './key-state.service.js';

@Module({
  imports: [ProviderKeysModule, PricingModule],
  controllers: [KeyStateController, KeyOperationsController],
  providers: [GatewayKeyPool, KeyStateRepository, KeyStateService, KeyOperationsService],
  exports: [GatewayKeyPool],
})
export class KeyStateModule {}
