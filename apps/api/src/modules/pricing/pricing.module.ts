import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { PriceTable } from './price-table.js';
import { PricingController } from './pricing.controller.js';
import { PricingRepository } from './pricing.repository.js';
import { PricingService } from './pricing.service.js';

/** The model price table; the gateway imports this module for `PriceTable`, the configuration file for `PricingService`. */
@Module({
  imports: [SettingsModule],
  controllers: [PricingController],
  providers: [PricingService, PricingRepository, PriceTable],
  exports: [PriceTable, PricingService],
})
export class PricingModule {}
