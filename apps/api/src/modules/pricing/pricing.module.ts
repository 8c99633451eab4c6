import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { PricingCatalog } from './pricing-catalog.js';
import { PricingController } from './pricing.controller.js';
import { PricingRepository } from './pricing.repository.js';
import { PricingService } from './pricing.service.js';

/** The model price table; the gateway imports this module for `PricingCatalog`, the configuration file for `PricingService`. */
@Module({
  imports: [SettingsModule],
  controllers: [PricingController],
  providers: [PricingService, PricingRepository, PricingCatalog],
  exports: [PricingCatalog, PricingService],
})
export class PricingModule {}
