import { Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
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
  type CreateProviderBody,
  createProviderSchema,
  type ListProvidersQuery,
  listProvidersSchema,
  providerNameSchema,
  type UpdateProviderBody,
  updateProviderSchema,
} from './providers.schemas.js';
import { ProvidersService } from './providers.service.js';

@AdminController('providers', 'providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Get()
  @RequirePermission(Permission.ProvidersRead)
  @DocumentQuery(listProvidersSchema)
  list(@ZodQuery(listProvidersSchema) query: ListProvidersQuery) {
    return this.providers.list(query);
  }

  @Get(':name')
  @RequirePermission(Permission.ProvidersRead)
  get(@ZodParam('name', providerNameSchema) name: string) {
    return this.providers.get(name);
  }

  @Post()
  @RequirePermission(Permission.ProvidersManage)
  @DocumentBody(createProviderSchema)
  create(@Auth() auth: AuthContext, @ZodBody(createProviderSchema) body: CreateProviderBody) {
    return this.providers.create(auth, body);
  }

  @Patch(':name')
  @RequirePermission(Permission.ProvidersManage)
  @DocumentBody(updateProviderSchema)
  update(
    @Auth() auth: AuthContext,
    @ZodParam('name', providerNameSchema) name: string,
    @ZodBody(updateProviderSchema) body: UpdateProviderBody,
  ) {
    return this.providers.update(auth, name, body);
  }

  @Delete(':name')
  @HttpCode(204)
  @RequirePermission(Permission.ProvidersManage)
  remove(@Auth() auth: AuthContext, @ZodParam('name', providerNameSchema) name: string) {
    return this.providers.remove(auth, name);
  }
}
