import { Delete, Get, Post } from '@nestjs/common';
import { type z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';
import {
  DocumentBody,
  DocumentQuery,
  UuidParam,
  ZodBody,
  ZodQuery,
} from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import { type CreateApiKeyBody, createApiKeySchema } from './api-keys.schemas.js';
import { ApiKeysService } from './api-keys.service.js';

@AdminController('api-keys', 'api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @RequirePermission(Permission.ApiKeysManage)
  @DocumentQuery(pageQuerySchema)
  list(@ZodQuery(pageQuerySchema) query: z.infer<typeof pageQuerySchema>) {
    return this.apiKeys.list(query.cursor, query.limit);
  }

  @Post()
  @RequirePermission(Permission.ApiKeysManage)
  @DocumentBody(createApiKeySchema)
  create(@Auth() auth: AuthContext, @ZodBody(createApiKeySchema) body: CreateApiKeyBody) {
    return this.apiKeys.create(auth, body);
  }

  @Delete(':id')
  @RequirePermission(Permission.ApiKeysManage)
  revoke(@Auth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.apiKeys.revoke(auth, id);
  }
}
