import { type FastifyRequest } from 'fastify';
import { type AuthContext } from './auth-context.js';
import { sessionCookieOf } from './session-cookie.js';

export interface PresentedCredential {
  value: string;
  /** From the session cookie rather than a header: a browser may send it on a request another site made. */
  viaCookie: boolean;
}

/**
 * A Bearer header (session token or `sya-` API key), else the session cookie. An API key is never taken from a
 * cookie: cookies ride along on requests other sites make, and API keys are not meant for browsers.
 */
export function presentedCredential(request: FastifyRequest): PresentedCredential | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Bearer\s+/i.test(header))
    return { value: header.replace(/^Bearer\s+/i, '').trim(), viaCookie: false };
  const cookie = sessionCookieOf(request);
  if (cookie && !cookie.startsWith('sya-')) return { value: cookie, viaCookie: true };
  return undefined;
}

const AUTHENTICATED = Symbol('switchyard.admin.authenticated');

type WithAuthentication = FastifyRequest & { [AUTHENTICATED]?: AuthContext };

/** The request gate authenticates before the body is read; the guard then takes the answer from here. */
export function rememberAuthentication(request: FastifyRequest, auth: AuthContext): void {
  (request as WithAuthentication)[AUTHENTICATED] = auth;
}

export function rememberedAuthentication(request: FastifyRequest): AuthContext | undefined {
  return (request as WithAuthentication)[AUTHENTICATED];
}
