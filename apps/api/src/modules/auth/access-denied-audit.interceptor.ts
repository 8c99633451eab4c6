import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import { mapsToHttpError } from '../../common/errors/http-error.js';
import { AuditService } from '../audit/audit.service.js';
import { type AuthContext } from './auth-context.js';

/**
 * The guard audits the 403s of route permissions; this audits the 403s a service decides once the permission
 * passed (a team_admin who is a plain member of that team, an admin creating an owner, usage by key for a
 * team role), so every refusal leaves the same `access.denied` trail.
 */
@Injectable()
export class AccessDeniedAuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ user?: AuthContext; method: string; url: string }>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        const refusal = mapsToHttpError(error) ? error.toHttpError() : undefined;
        if (!request.user || refusal?.status !== 403) return throwError(() => error);
        const recorded = this.audit.record(
          request.user,
          'access.denied',
          { type: 'route', id: `${request.method} ${request.url.split('?')[0]}` },
          { after: { code: refusal.code, role: request.user.role } },
        );
        return from(recorded).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}
