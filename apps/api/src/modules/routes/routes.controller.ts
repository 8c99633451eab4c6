import { Delete, Get, Post } from '@nestjs/common';
import {
  DocumentBody,
  DocumentQuery,
  ZodBody,
  ZodParam,
  ZodQuery,
} from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import {
  aliasSchema,
  type ListRoutesQuery,
  listRoutesSchema,
  type UpsertRouteBody,
  upsertRouteSchema,
} from './routes.schemas.js';
import { RoutesService } from './routes.service.js';

@AdminController('routes', 'routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Get()
  @RequirePermission(Permission.RoutesRead)
  @DocumentQuery(listRoutesSchema)
  list(@ZodQuery(listRoutesSchema) query: ListRoutesQuery) {
    return this.routes.list(query);
  }

  /** Creates the alias, or replaces its targets. */
  @Post()
  @RequirePermission(Permission.RoutesManage)
  @DocumentBody(upsertRouteSchema)
  upsert(@Auth() auth: AuthContext, @ZodBody(upsertRouteSchema) body: UpsertRouteBody) {
    return this.routes.upsert(auth, body);
  }

  /** An alias containing "/" is sent URL-encoded: /admin/routes/team%2Ffast. */
  @Delete(':alias')
  @RequirePermission(Permission.RoutesManage)
  remove(@Auth() auth: AuthContext, @ZodParam('alias', aliasSchema) alias: string) {
    return this.routes.remove(auth, alias);
  }
}
