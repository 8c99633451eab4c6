import { Global, Module, type DynamicModule } from '@nestjs/common';
import { BulkWritePool } from './bulk-write-pool.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({})
export class DatabaseModule {
  static forUrl(databaseUrl: string, timeoutMs: number): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: PrismaService, useFactory: () => new PrismaService(databaseUrl, timeoutMs) },
        { provide: BulkWritePool, useFactory: () => new BulkWritePool(databaseUrl, timeoutMs) },
      ],
      exports: [PrismaService, BulkWritePool],
    };
  }
}
