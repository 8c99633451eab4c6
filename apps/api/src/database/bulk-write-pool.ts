import { type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { queryDeadlines } from './query-deadlines.js';

export type BulkQuery = <Row>(text: string, values: unknown[]) => Promise<Row[]>;

/** An error Postgres answered (it has a SQLSTATE), as opposed to a timeout or a lost connection. */
const isServerError = (error: unknown) => error instanceof pg.DatabaseError;

/**
 * A small pg pool beside Prisma for the few writes that run at request rate (usage events and their rollups).
 * Through Prisma's query compiler each such batch cost more CPU on the event loop than the requests it records;
 * one statement with a JSON parameter costs a JSON.stringify. Only repositories use it.
 */
export class BulkWritePool implements OnApplicationShutdown {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string, timeoutMs: number) {
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 2,
      idleTimeoutMillis: 30_000,
      ...queryDeadlines(timeoutMs),
    });
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Runs `work` in one transaction: everything it queries lands, or none of it. */
  async transaction(work: (query: BulkQuery) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    // A connection lost between two statements is reported as an event; unheard, it would end the process.
    const lost = () => undefined;
    client.on('error', lost);
    let broken = false;
    try {
      await client.query('BEGIN');
      await work(
        async <Row>(text: string, values: unknown[]) => (await client.query(text, values)).rows as Row[],
      );
      await client.query('COMMIT');
    } catch (error) {
      // A connection that timed out or dropped is not reused: what it still owes the server is unknown.
      broken = !isServerError(error);
      if (!broken)
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
      throw error;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
