import { Module } from '@nestjs/common';
import { ConfigChangeFeed } from './config-change-feed.js';
import { SettingsController } from './settings.controller.js';
import { SettingsRepository } from './settings.repository.js';
import { SettingsService } from './settings.service.js';

/**
 * Runtime settings, and the change feed through which every in-memory table of the control plane
 * (settings, prices, routes, budgets) learns about an edit made on any replica.
 */
@Module({
  controllers: [SettingsController],
  providers: [SettingsService, SettingsRepository, ConfigChangeFeed],
  exports: [SettingsService, ConfigChangeFeed],
})
export class SettingsModule {}
