import { Global, Module, type DynamicModule } from '@nestjs/common';
import { RedisService } from './redis.service.js';

@Global()
@Module({})
export class RedisModule {
  static forUrl(url: string | undefined): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: RedisService, useFactory: () => new RedisService(url) }],
      exports: [RedisService],
    };
  }
}
