import { Get } from '@nestjs/common';
import { DocumentQuery, ZodQuery } from '../../common/validation/zod-params.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import { Permission } from '../auth/permissions.js';
import { type AuditQuery, auditQuerySchema } from './audit.schemas.js';
import { AuditService } from './audit.service.js';

@AdminController('audit', 'audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission(Permission.AuditRead)
  @DocumentQuery(auditQuerySchema)
  list(@ZodQuery(auditQuerySchema) query: AuditQuery) {
    return this.audit.list(query);
  }

  @Get('verify')
  @RequirePermission(Permission.AuditRead)
  verify() {
    return this.audit.verify();
  }
}
