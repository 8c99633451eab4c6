import { Global, Module, type DynamicModule } from '@nestjs/common';
import { BulkWritePool } from './bulk-write-pool.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({})
export class DatabaseModule {
  static forUrl(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: PrismaService, useFactory: () => new PrismaService(databaseUrl) },
        { provide: BulkWritePool, useFactory: () => new BulkWritePool(databaseUrl) },
      ],
      exports: [PrismaService, BulkWritePool],
    };
  }
}
