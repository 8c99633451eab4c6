import { type FastifyInstance, type FastifyRequest } from 'fastify';

const MINUTE_MS = 60_000;
/** Beyond this many addresses the maps drop finished minutes, so a flood of addresses cannot grow them. */
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
 * answered 401. Past the limit in a minute the address is refused with 429 until the minute ends, before any
 * other work. Authenticated traffic is never counted, so a busy application behind one address is unaffected.
 * Counts are per replica.
 */
export function installClientAddressThrottle(fastify: FastifyInstance, perMinute: number): void {
  const counts = new Map<string, { minute: number; count: number }>();
  const blocked = new Map<string, number>();

  fastify.addHook('onRequest', (request, reply, done) => {
    if (blocked.size > 0) {
      const until = blocked.get(request.ip);
      const now = Date.now();
      if (until !== undefined && until > now) {
        const seconds = Math.ceil((until - now) / 1000);
        void reply.header('retry-after', String(seconds));
        done(new TooManyUnauthenticatedRequests(seconds));
        return;
      }
    }
    done();
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode === 401 || (!carriesCredential(request) && !request.url.startsWith('/health'))) {
      const now = Date.now();
      const minute = now - (now % MINUTE_MS);
      const current = counts.get(request.ip);
      const entry = current && current.minute === minute ? current : { minute, count: 0 };
      entry.count += 1;
      counts.set(request.ip, entry);
      if (entry.count > perMinute) blocked.set(request.ip, minute + MINUTE_MS);
      if (counts.size > SWEEP_ABOVE) for (const [ip, e] of counts) if (e.minute < minute) counts.delete(ip);
      if (blocked.size > SWEEP_ABOVE) for (const [ip, until] of blocked) if (until <= now) blocked.delete(ip);
    }
    done();
  });
}
