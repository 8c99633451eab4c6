import { Delete, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
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
import { ProviderKeyImportService } from './import/provider-key-import.service.js';
import {
  type CreateProviderKeyBody,
  createProviderKeySchema,
  type ImportProviderKeysBody,
  importProviderKeysSchema,
  type ListProviderKeysQuery,
  listProviderKeysSchema,
  type UpdateProviderKeyBody,
  updateProviderKeySchema,
} from './provider-keys.schemas.js';
import { ProviderKeysService } from './provider-keys.service.js';

@AdminController('provider-keys', 'provider-keys')
export class ProviderKeysController {
  constructor(
    private readonly keys: ProviderKeysService,
    private readonly importer: ProviderKeyImportService,
  ) {}

  @Get()
  @RequirePermission(Permission.ProvidersRead)
  @DocumentQuery(listProviderKeysSchema)
  list(@ZodQuery(listProviderKeysSchema) query: ListProviderKeysQuery) {
    return this.keys.list(query);
  }

  @Post()
  @RequirePermission(Permission.ProvidersManage)
  @DocumentBody(createProviderKeySchema)
  create(@Auth() auth: AuthContext, @ZodBody(createProviderKeySchema) body: CreateProviderKeyBody) {
    return this.keys.create(auth, body);
  }

  /** 201 when saved, 200 for a dry run or nothing new, 400 with the per-line report when refused. */
  @Post('import')
  @RequirePermission(Permission.ProvidersManage)
  @DocumentBody(importProviderKeysSchema)
  async import(
    @Auth() auth: AuthContext,
    @ZodBody(importProviderKeysSchema) body: ImportProviderKeysBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.importer.import(auth, body);
    void reply.status(outcome.httpStatus);
    return outcome.body;
  }

  @Get(':id')
  @RequirePermission(Permission.ProvidersRead)
  get(@UuidParam('id') id: string) {
    return this.keys.get(id);
  }

  @Patch(':id')
  @RequirePermission(Permission.ProvidersManage)
  @DocumentBody(updateProviderKeySchema)
  update(
    @Auth() auth: AuthContext,
    @UuidParam('id') id: string,
    @ZodBody(updateProviderKeySchema) body: UpdateProviderKeyBody,
  ) {
    return this.keys.update(auth, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.ProvidersManage)
  remove(@Auth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.keys.remove(auth, id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @RequirePermission(Permission.ProvidersManage)
  test(@Auth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.keys.test(auth, id);
  }
}
