import { type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';

/**
 * A small pg pool beside Prisma for the few writes that run at request rate (usage events and their rollups).
 * Through Prisma's query compiler each such batch cost more CPU on the event loop than the requests it records;
 * one statement with a JSON parameter costs a JSON.stringify. Only repositories use it.
 */
export class BulkWritePool implements OnApplicationShutdown {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2, idleTimeoutMillis: 30_000 });
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Runs the statements in one transaction: all of them land, or none. */
  async transaction(statements: readonly { text: string; values: unknown[] }[]): Promise<void> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      for (const statement of statements) await client.query(statement.text, statement.values);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
