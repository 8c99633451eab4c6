/**
 * Whether an ioredis error means Redis could not be reached or did not answer in time, rather than that it
 * refused a command: those are outages, reported once through `RedisService.reportFailure`.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  return /timed out|Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|connect/i.test(
    error.message,
  );
}
