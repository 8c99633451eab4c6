import { type FastifyInstance, type FastifyReply } from 'fastify';
import { errorBody } from '../errors/http-error.js';
import { type DrainState } from '../lifecycle/drain-state.js';

/** Why a new request cannot be served right now, checked before anything else is done for it. */
export interface Availability {
  drain: DrainState;
  /** Why a /v1 request's usage could not be recorded (memory and write-ahead file full), if so. */
  usageRefusal(): string | undefined;
}

/** Seconds a client should wait before retrying a request refused for a full usage queue. */
const RECORDING_RETRY_AFTER_SECONDS = 5;

function unavailable(reply: FastifyReply, code: string, message: string, retryAfterSeconds: number): void {
  void reply
    .code(503)
    .header('retry-after', String(retryAfterSeconds))
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody({ type: 'service_unavailable', code, message }));
}

/**
 * Answers 503 in the OpenAI error shape, with the request id and `Retry-After`: every request once a shutdown has
 * begun (but /health, which says so itself), closing the connection so the client goes elsewhere; and a /v1 call
 * whose usage could not be recorded, rather than serve it.
 */
export function installAvailabilityGate(fastify: FastifyInstance, availability: Availability): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (availability.drain.draining && !request.url.startsWith('/health/')) {
      void reply.header('connection', 'close');
      unavailable(reply, 'shutting_down', 'The gateway is shutting down; retry the request', 1);
      return;
    }
    if (request.method === 'POST' && request.url.startsWith('/v1/')) {
      const reason = availability.usageRefusal();
      if (reason !== undefined) {
        unavailable(reply, 'usage_unrecordable', reason, RECORDING_RETRY_AFTER_SECONDS);
        return;
      }
    }
    done();
  });
}
