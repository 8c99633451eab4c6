import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';
import { queryDeadlines } from './query-deadlines.js';

/**
 * The one Prisma client of the process. Only repositories use it. Every query and connection attempt has a
 * deadline (`SWITCHYARD_DB_TIMEOUT_MS`): a database that hangs fails its callers instead of holding them.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(databaseUrl: string, timeoutMs: number) {
    super({
      adapter: new PrismaPg({ connectionString: databaseUrl, max: 10, ...queryDeadlines(timeoutMs) }),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
