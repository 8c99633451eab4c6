import { Module } from '@nestjs/common';
import { GatewayPoolModule } from '../gateway-pool/gateway-pool.module.js';
import { PricingModule } from '../pricing/pricing.module.js';
import { ProviderKeysModule } from '../provider-keys/provider-keys.module.js';
import { KeyOperationsController } from './key-operations.controller.js';
import { KeyOperationsService } from './key-operations.service.js';
import { KeyStateController } from './key-state.controller.js';
import { KeyStateRepository } from './key-state.repository.js';
import { KeyStateService } from './key-state.service.js';

/**
 * The dashboard's read model of the key pool (the live pool's views, with key endings and today's requests and
 * cost), and an admin's operations on one key's live state, done through the gateway pool.
 */
@Module({
  imports: [GatewayPoolModule, ProviderKeysModule, PricingModule],
  controllers: [KeyStateController, KeyOperationsController],
  providers: [KeyStateRepository, KeyStateService, KeyOperationsService],
})
export class KeyStateModule {}
