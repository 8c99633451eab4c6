import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { originOf } from '../auth/auth-context.js';
import { AuthErrorCode, AuthException } from '../auth/auth.exception.js';
import { AuthService } from '../auth/auth.service.js';
import { Permission, roleAllows } from '../auth/permissions.js';

const sameSecret = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * /metrics names teams and their spend, so it answers only a Bearer credential: SWITCHYARD_METRICS_TOKEN, or an
 * admin API key whose role has `metrics.read` (owner, admin, auditor). Anything else is 401.
 */
@Injectable()
export class MetricsAccess implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (token && this.config.metricsToken && sameSecret(token, this.config.metricsToken)) return true;
    if (
      token?.startsWith('sya-') &&
      roleAllows((await this.auth.authenticate(token, originOf(request))).role, Permission.MetricsRead)
    )
      return true;
    throw new AuthException(
      AuthErrorCode.Unauthenticated,
      'Send SWITCHYARD_METRICS_TOKEN, or an owner, admin or auditor API key, as a Bearer token',
    );
  }
}
