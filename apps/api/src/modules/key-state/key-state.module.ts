import { Module } from '@nestjs/common';
import { ProviderKeysModule } from '../provider-keys/provider-keys.module.js';
import { GatewayKeyPool } from './gateway-key-pool.js';
import { KeyStateController } from './key-state.controller.js';
import { KeyStateRepository } from './key-state.repository.js';
import { KeyStateService } from './key-state.service.js';

@Module({
  imports: [ProviderKeysModule],
  controllers: [KeyStateController],
  providers: [GatewayKeyPool, KeyStateRepository, KeyStateService],
  exports: [GatewayKeyPool],
})
export class KeyStateModule {}
