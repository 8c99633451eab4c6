import { Get } from '@nestjs/common';
import { DocumentQuery, ZodParam, ZodQuery } from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import { type RequestListQuery, requestIdSchema, requestListQuerySchema } from './requests.schemas.js';
import { RequestsService } from './requests.service.js';

@AdminController('requests', 'requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Get()
  @RequirePermission(Permission.UsageRead)
  @DocumentQuery(requestListQuerySchema)
  list(@Auth() auth: AuthContext, @ZodQuery(requestListQuerySchema) query: RequestListQuery) {
    return this.requests.list(auth, query);
  }

  @Get(':requestId')
  @RequirePermission(Permission.UsageRead)
  get(@Auth() auth: AuthContext, @ZodParam('requestId', requestIdSchema) requestId: string) {
    return this.requests.get(auth, requestId);
  }
}
