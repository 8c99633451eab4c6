import { Injectable } from '@nestjs/common';
import { type FastifyInstance } from 'fastify';
import { ProxyAdmission } from './proxy-admission.js';

/**
 * Authenticates every `/v1` request before its body is read: a request without a valid token is answered 401
 * and its body is never parsed, however large or deeply nested. The principal is remembered on the request, so
 * the route does not authenticate twice. Written with a callback rather than `async`, so a token the cache knows
 * (every request but a token's first) passes without a promise.
 */
@Injectable()
export class ProxyRequestGate {
  constructor(private readonly admission: ProxyAdmission) {}

  install(fastify: FastifyInstance): void {
    fastify.addHook('preParsing', (request, _reply, payload, done) => {
      if (!request.url.startsWith('/v1/')) {
        done(null, payload);
        return;
      }
      let known;
      try {
        known = this.admission.tryAuthenticate(request);
      } catch (error) {
        done(error as Error);
        return;
      }
      if (known) {
        done(null, payload);
        return;
      }
      this.admission.authenticate(request).then(
        () => done(null, payload),
        (error: Error) => done(error),
      );
    });
  }
}
