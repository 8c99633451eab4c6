import { Module } from '@nestjs/common';
import { GatewayPoolModule } from '../gateway-pool/gateway-pool.module.js';
import { KeyStateController } from './key-state.controller.js';
import { KeyStateRepository } from './key-state.repository.js';
import { KeyStateService } from './key-state.service.js';

/** The dashboard's read model of the key pool: the live pool's views, with key endings and today's cost. */
@Module({
  imports: [GatewayPoolModule],
  controllers: [KeyStateController],
  providers: [KeyStateRepository, KeyStateService],
})
export class KeyStateModule {}
