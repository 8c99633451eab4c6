import { Inject, Injectable } from '@nestjs/common';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { limitBody } from '../../common/http/body-limit.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { presentedCredential, rememberAuthentication } from './admin-credential.js';
import { originOf } from './auth-context.js';
import { AuthErrorCode, AuthException } from './auth.exception.js';
import { AuthService } from './auth.service.js';

/** Bodies of anyone not yet signed in: a sign-in form, an SSO callback. */
export const ANONYMOUS_BODY_LIMIT = 64 * 1024;
/** The largest admin body is a key import: 1 MB of content, escaped into JSON. */
export const ADMIN_BODY_LIMIT = 4 * 1024 * 1024;

/** The admin routes anyone may call; every other /admin route authenticates before its body is read. */
export const PUBLIC_ADMIN_ROUTES: ReadonlySet<string> = new Set([
  'POST /admin/auth/login',
  'GET /admin/auth/setup',
  'GET /admin/auth/sso',
  'POST /admin/auth/sso/start',
  'POST /admin/auth/sso/callback',
]);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const pathOf = (url: string) => url.split('?', 1)[0] ?? url;

const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type.trim());
}

/**
 * What every request meets before its body is read. Without credentials a body may be 64 KB at most. On /admin
 * the caller is authenticated first (an unauthenticated request is answered 401 without its body ever being
 * read), bodies must be JSON and at most 4 MB, and a request authenticated by the session cookie must come from
 * an origin this deployment serves, so another site cannot make a signed-in browser act for it.
 */
@Injectable()
export class AdminRequestGate {
  private readonly trustedOrigins: Set<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {
    this.trustedOrigins = new Set([new URL(config.publicUrl).origin, new URL(config.apiUrl).origin]);
  }

  install(fastify: FastifyInstance): void {
    fastify.addHook('preParsing', async (request, _reply, payload) => {
      if (!request.url.startsWith('/admin/')) {
        const anonymous =
          request.headers.authorization === undefined && request.headers['x-api-key'] === undefined;
        return anonymous && hasBody(request) ? limitBody(request, payload, ANONYMOUS_BODY_LIMIT) : payload;
      }
      const route = `${request.method} ${pathOf(request.url)}`;
      if (hasBody(request) && !isJson(request))
        throw new AuthException(AuthErrorCode.UnsupportedMediaType, 'Content-Type must be application/json');
      if (PUBLIC_ADMIN_ROUTES.has(route))
        return hasBody(request) ? limitBody(request, payload, ANONYMOUS_BODY_LIMIT) : payload;
      const credential = presentedCredential(request);
      const auth = await this.auth.authenticate(credential?.value, originOf(request));
      if (credential?.viaCookie && !SAFE_METHODS.has(request.method)) this.assertSameOrigin(request);
      rememberAuthentication(request, auth);
      return hasBody(request)
        ? limitBody(request, payload, Math.min(ADMIN_BODY_LIMIT, this.config.maxBodyBytes))
        : payload;
    });
  }

  private assertSameOrigin(request: FastifyRequest): void {
    const origin = request.headers.origin;
    const own = `${request.protocol}://${request.host}`;
    if (typeof origin === 'string' && (origin === own || this.trustedOrigins.has(origin))) return;
    throw new AuthException(
      AuthErrorCode.CrossOrigin,
      'A request signed in with the session cookie must come from the console: its Origin is missing or foreign',
    );
  }
}
