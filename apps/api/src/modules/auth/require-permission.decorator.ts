import { applyDecorators, Controller, SetMetadata, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AccessDeniedAuditInterceptor } from './access-denied-audit.interceptor.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { type Permission } from './permissions.js';

export const PERMISSION_KEY = 'switchyard:permission';

export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** A control-plane controller: under /admin, authenticated, and every route must declare a permission. */
export const AdminController = (path: string, tag: string) =>
  applyDecorators(
    Controller(`admin/${path}`),
    UseGuards(AdminAuthGuard),
    UseInterceptors(AccessDeniedAuditInterceptor),
    ApiTags(tag),
    ApiBearerAuth(),
  );
