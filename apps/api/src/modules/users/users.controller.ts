import { Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
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
import {
  type CreateUserBody,
  createUserSchema,
  type ResetPasswordBody,
  resetPasswordSchema,
  type UpdateUserBody,
  updateUserSchema,
} from './users.schemas.js';
import { UsersService } from './users.service.js';

@AdminController('users', 'users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission(Permission.UsersRead)
  @DocumentQuery(pageQuerySchema)
  list(@ZodQuery(pageQuerySchema) query: z.infer<typeof pageQuerySchema>) {
    return this.users.list(query.cursor, query.limit);
  }

  @Post()
  @RequirePermission(Permission.UsersManage)
  @DocumentBody(createUserSchema)
  create(@Auth() auth: AuthContext, @ZodBody(createUserSchema) body: CreateUserBody) {
    return this.users.create(auth, body);
  }

  @Get(':id')
  @RequirePermission(Permission.UsersRead)
  get(@UuidParam('id') id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  @RequirePermission(Permission.UsersManage)
  @DocumentBody(updateUserSchema)
  update(
    @Auth() auth: AuthContext,
    @UuidParam('id') id: string,
    @ZodBody(updateUserSchema) body: UpdateUserBody,
  ) {
    return this.users.update(auth, id, body);
  }

  @Delete(':id')
  @RequirePermission(Permission.UsersManage)
  remove(@Auth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.users.remove(auth, id);
  }

  @Post(':id/password')
  @HttpCode(200)
  @RequirePermission(Permission.UsersManage)
  @DocumentBody(resetPasswordSchema)
  resetPassword(
    @Auth() auth: AuthContext,
    @UuidParam('id') id: string,
    @ZodBody(resetPasswordSchema) body: ResetPasswordBody,
  ) {
    return this.users.resetPassword(auth, id, body);
  }
}
