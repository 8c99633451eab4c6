import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LOGGER } from '../common/logging/logger.token.js';
import { type Logger } from '../common/logging/logger.js';
import { RedisService } from './redis.service.js';

@Global()
@Module({})
export class RedisModule {
  static forUrl(url: string | undefined): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: RedisService,
          inject: [LOGGER],
          useFactory: (logger: Logger) => new RedisService(url, logger),
        },
      ],
      exports: [RedisService],
    };
  }
}
