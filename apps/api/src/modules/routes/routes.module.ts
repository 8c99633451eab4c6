import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { RouteTable } from './route-table.js';
import { RoutesController } from './routes.controller.js';
import { RoutesRepository } from './routes.repository.js';
import { RoutesService } from './routes.service.js';

/** Model aliases and fallback chains; the gateway imports this module for `RouteTable`, the config import for `RoutesService`. */
@Module({
  imports: [SettingsModule],
  controllers: [RoutesController],
  providers: [RoutesService, RoutesRepository, RouteTable],
  exports: [RouteTable, RoutesService],
})
export class RoutesModule {}
