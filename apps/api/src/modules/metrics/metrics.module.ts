import { Global, Module } from '@nestjs/common';
import { GatewayPoolModule } from '../gateway-pool/gateway-pool.module.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { MetricsAccess } from './metrics-access.guard.js';
import { MetricsController } from './metrics.controller.js';

@Global()
@Module({
  imports: [GatewayPoolModule],
  controllers: [MetricsController],
  providers: [GatewayMetrics, MetricsAccess],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
