import { Get, Post } from '@nestjs/common';
import { pageQuerySchema } from '../../common/paging/cursor.js';
import { DocumentBody, DocumentQuery, ZodBody, ZodQuery } from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import { type CreateUserBody, createUserSchema } from './users.schemas.js';
import { UsersService } from './users.service.js';
import { type z } from 'zod';

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
}
