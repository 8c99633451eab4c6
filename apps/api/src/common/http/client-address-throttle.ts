import { type FastifyInstance, type FastifyRequest } from 'fastify';

const MINUTE_MS = 60_000;
/** Beyond this many addresses the map drops finished minutes, so a flood of addresses cannot grow it. */
const SWEEP_ABOVE = 10_000;

class TooManyUnauthenticatedRequests extends Error {
  readonly statusCode = 429;
  readonly code = 'too_many_unauthenticated_requests';

  constructor(seconds: number) {
    super(`Too many requests without valid credentials from this address; try again in ${seconds} second(s)`);
  }
}

const carriesCredential = (request: FastifyRequest) =>
  request.headers.authorization !== undefined ||
  request.headers['x-api-key'] !== undefined ||
  request.headers.cookie !== undefined;

/**
 * Limits what one client address may ask without valid credentials: requests that carry none, and requests
 * answered 401. Once an address has used its allowance for the minute, everything it sends is refused with 429
 * until the minute ends, before any other work. Authenticated traffic is never counted, so a busy application
 * behind one address is unaffected unless it keeps failing to authenticate. Counts are per replica.
 */
export function installClientAddressThrottle(fastify: FastifyInstance, perMinute: number): void {
  const counts = new Map<string, { minute: number; count: number }>();
  const minuteOf = (now: number) => now - (now % MINUTE_MS);

  fastify.addHook('onRequest', (request, reply, done) => {
    if (counts.size > 0) {
      const now = Date.now();
      const entry = counts.get(request.ip);
      if (entry && entry.minute === minuteOf(now) && entry.count >= perMinute) {
        const seconds = Math.max(1, Math.ceil((entry.minute + MINUTE_MS - now) / 1000));
        void reply.header('retry-after', String(seconds));
        done(new TooManyUnauthenticatedRequests(seconds));
        return;
      }
    }
    done();
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode === 401 || (!carriesCredential(request) && !request.url.startsWith('/health'))) {
      const minute = minuteOf(Date.now());
      const current = counts.get(request.ip);
      if (current && current.minute === minute) current.count += 1;
      else counts.set(request.ip, { minute, count: 1 });
      if (counts.size > SWEEP_ABOVE)
        for (const [ip, entry] of counts) if (entry.minute < minute) counts.delete(ip);
    }
    done();
  });
}
