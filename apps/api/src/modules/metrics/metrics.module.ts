import { Global, Module } from '@nestjs/common';
import { KeyStateModule } from '../key-state/key-state.module.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { MetricsAccess } from './metrics-access.guard.js';
import { MetricsController } from './metrics.controller.js';

@Global()
@Module({
  imports: [KeyStateModule],
  controllers: [MetricsController],
  providers: [GatewayMetrics, MetricsAccess],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
