import { type PoolConfig } from 'pg';

/**
 * The pg pool settings that bound every query: the client gives up (and drops the connection) after `timeoutMs`,
 * connecting included, and the server cancels a statement running that long, so nothing keeps running behind a
 * caller that gave up.
 */
export function queryDeadlines(timeoutMs: number): PoolConfig {
  return { connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, statement_timeout: timeoutMs };
}
