import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';

// One lock for the whole file, apart from the audit chain's (7_274_001).
const CONFIG_IMPORT_LOCK = 7_274_002;
const LONGEST_IMPORT_MS = 10 * 60_000;

/**
 * Replicas that start together with the same file import it one after another, so the later ones plan against
 * what the first wrote and find nothing left to do. The lock is held by an otherwise idle transaction; the import
 * itself writes through the services on other connections, and commits as it goes.
 */
@Injectable()
export class ConfigImportLock {
  constructor(private readonly prisma: PrismaService) {}

  exclusively<T>(work: () => Promise<T>): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CONFIG_IMPORT_LOCK})`;
        return work();
      },
      { timeout: LONGEST_IMPORT_MS, maxWait: LONGEST_IMPORT_MS },
    );
  }
}
