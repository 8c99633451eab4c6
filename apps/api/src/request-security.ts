import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { installClientAddressThrottle } from './common/http/client-address-throttle.js';
import { installBodyParsers } from './common/http/json-body.js';
import { type AppConfig } from './config/app-config.js';
import { AdminRequestGate } from './modules/auth/admin-request-gate.js';
import { FailedAuthentications, watchProxyAuthentication } from './modules/auth/failed-authentications.js';
import { ProxyRequestGate } from './modules/proxy/proxy-request-gate.js';

/**
 * What stands between an unauthenticated caller and the application's work: body parsers that refuse deep JSON
 * and form bodies outside /v1, the per-address limit on unauthenticated requests, authentication before an /admin
 * or /v1 body is read, and the audit of failed proxy-token authentications.
 */
export function installRequestSecurity(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  installBodyParsers(app, config.maxBodyBytes);
  installClientAddressThrottle(fastify, config.unauthenticatedPerMinute);
  // First: a /v1 request without a valid token is refused 401 before any body limit is applied to it.
  app.get(ProxyRequestGate).install(fastify);
  app.get(AdminRequestGate).install(fastify);
  watchProxyAuthentication(fastify, app.get(FailedAuthentications));
}
