import { Module } from '@nestjs/common';
import { BuiltInProvidersSeeder } from './built-in-providers.seeder.js';
import { ProviderChangeFeed } from './provider-change-feed.js';
import { ProvidersController } from './providers.controller.js';
import { ProvidersRepository } from './providers.repository.js';
import { ProvidersService } from './providers.service.js';
import { UpstreamAddressPolicy } from './upstream-address.js';

@Module({
  controllers: [ProvidersController],
  providers: [
    ProvidersService,
    ProvidersRepository,
    ProviderChangeFeed,
    BuiltInProvidersSeeder,
    UpstreamAddressPolicy,
  ],
  exports: [ProvidersService, ProvidersRepository, ProviderChangeFeed, UpstreamAddressPolicy],
})
export class ProvidersModule {}
