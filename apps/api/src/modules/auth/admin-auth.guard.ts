import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service.js';
import { type AuthContext } from './auth-context.js';
import { AuthErrorCode, AuthException } from './auth.exception.js';
import { type Permission, roleAllows } from './permissions.js';
import { PERMISSION_KEY } from './require-permission.decorator.js';
import { runStrategy } from './run-strategy.js';
import { AdminBearerStrategy } from './strategies/admin-bearer.strategy.js';

/**
 * Authenticates every /admin route with the bearer strategy and checks the permission the route declares. A
 * route that declares none is refused outright, so a forgotten decorator can never open a route to everyone.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
    private readonly strategy: AdminBearerStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.get<Permission | undefined>(PERMISSION_KEY, context.getHandler());
    const http = context.switchToHttp();
    const request = http.getRequest<{ user?: AuthContext; method: string; url: string }>();
    const user = await runStrategy<AuthContext>(this.strategy, request, http.getResponse<object>());
    if (!user)
      throw new AuthException(
        AuthErrorCode.Unauthenticated,
        'Sign in, or send an admin API key as a Bearer token',
      );
    request.user = user;
    if (permission && roleAllows(user.role, permission)) return true;
    await this.audit.record(
      user,
      'access.denied',
      { type: 'route', id: `${request.method} ${request.url.split('?')[0]}` },
      { after: { permission: permission ?? null, role: user.role } },
    );
    throw new AuthException(AuthErrorCode.Forbidden, `Your role (${user.role}) may not do this`);
  }
}
