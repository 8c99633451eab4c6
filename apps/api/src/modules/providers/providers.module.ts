import { Module } from '@nestjs/common';
import { BuiltInProvidersSeeder } from './built-in-providers.seeder.js';
import { ProviderChangeFeed } from './provider-change-feed.js';
import { ProvidersController } from './providers.controller.js';
import { ProvidersRepository } from './providers.repository.js';
import { ProvidersService } from './providers.service.js';

@Module({
  controllers: [ProvidersController],
  providers: [ProvidersService, ProvidersRepository, ProviderChangeFeed, BuiltInProvidersSeeder],
  exports: [ProvidersService, ProvidersRepository, ProviderChangeFeed],
})
export class ProvidersModule {}
