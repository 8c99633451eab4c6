import { parseCookie, stringifySetCookie } from 'cookie';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { SESSION_COOKIE, SESSION_TTL_SECONDS } from './session-tokens.js';

/*
 * The dashboard's session cookie is read and written here rather than through a cookie plugin, whose hooks would
 * parse cookies and run an onSend step on every request, /v1 included, for the one cookie only admin routes use.
 */

export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

export function setSessionCookie(reply: FastifyReply, accessToken: string, secure: boolean): void {
  void reply.header(
    'set-cookie',
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: accessToken,
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: SESSION_TTL_SECONDS,
    }),
  );
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.header(
    'set-cookie',
    stringifySetCookie({ name: SESSION_COOKIE, value: '', path: '/', expires: new Date(0), maxAge: 0 }),
  );
}
