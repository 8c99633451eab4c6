import { Global, Module } from '@nestjs/common';
import { GatewayPoolModule } from '../gateway-pool/gateway-pool.module.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { MetricsController } from './metrics.controller.js';

@Global()
@Module({
  imports: [GatewayPoolModule],
  controllers: [MetricsController],
  providers: [GatewayMetrics],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
