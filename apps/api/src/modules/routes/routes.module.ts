import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { RouteCatalog } from './route-catalog.js';
import { RoutesController } from './routes.controller.js';
import { RoutesRepository } from './routes.repository.js';
import { RoutesService } from './routes.service.js';

/** Model aliases and fallback chains; the gateway imports this module for `RouteCatalog`, the config import for `RoutesService`. */
@Module({
  imports: [SettingsModule],
  controllers: [RoutesController],
  providers: [RoutesService, RoutesRepository, RouteCatalog],
  exports: [RouteCatalog, RoutesService],
})
export class RoutesModule {}
