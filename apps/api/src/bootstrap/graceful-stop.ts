import { setTimeout as sleep } from 'node:timers/promises';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DrainState } from '../common/lifecycle/drain-state.js';
import { type Logger } from '../common/logging/logger.js';
import { InFlightRequests } from '../modules/proxy/in-flight-requests.js';

/** How long the replies of requests cut at the deadline get to leave before their connections are dropped. */
const CUT_REPLY_MS = 1000;

/**
 * The shutdown sequence:
 * 1. refuse new requests (503 `shutting_down`, readiness 503) and close the listener;
 * 2. let in-flight requests finish within `graceMs`;
 * 3. at the deadline, cut the /v1 requests still running: each records its usage (estimated: prompt and output so
 *    far) and charges its credit, and the client gets a 503 or, mid-stream, an error event;
 * 4. close the app, whose hooks write usage and credit to the database, or to the write-ahead file when it does
 *    not answer in time.
 * Nothing here waits on a dependency without a deadline.
 */
export async function stopGracefully(
  app: NestFastifyApplication,
  graceMs: number,
  logger: Logger,
): Promise<void> {
  app.get(DrainState).begin();
  const server = app.getHttpAdapter().getInstance().server;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections are closed as soon as their last request is answered.
  server.closeIdleConnections();
  const sweeper = setInterval(() => server.closeIdleConnections(), 100);
  try {
    const drained = await Promise.race([closed.then(() => true), sleep(graceMs).then(() => false)]);
    if (!drained) {
      const cut = await app.get(InFlightRequests, { strict: false }).cutAll();
      logger.warn(
        { cutRequests: cut, graceMs },
        'shutdown grace period elapsed: requests still running were cut and their usage recorded as estimated',
      );
      await Promise.race([closed, sleep(CUT_REPLY_MS)]);
      server.closeAllConnections();
    }
  } finally {
    clearInterval(sweeper);
  }
  await app.close();
}
