import { Injectable } from '@nestjs/common';
import { type User } from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { AuditService } from '../audit/audit.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import { hashPassword } from '../auth/passwords.js';
import { type CreateUserBody } from './users.schemas.js';
import { UsersErrorCode, UsersException } from './users.exception.js';
import { UsersRepository } from './users.repository.js';
import { toUserView } from './user.view.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(cursor: string | undefined, limit: number): Promise<Page<User>> {
    const after = decodeCursor(cursor, z.string());
    const rows = await this.users.list(after, limit + 1);
    const page = toPage(rows, limit, (row) => row.email);
    return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
  }

  async create(auth: AuthContext, body: CreateUserBody): Promise<User> {
    if (body.role === 'owner' && auth.role !== 'owner') {
      throw new UsersException(UsersErrorCode.OwnerOnly, 'Only an owner can create another owner', 'role');
    }
    if (await this.users.findByEmail(body.email)) {
      throw new UsersException(
        UsersErrorCode.EmailTaken,
        `A user with email ${body.email} already exists`,
        'email',
      );
    }
    const user = await this.users.create({
      email: body.email,
      name: body.name ?? null,
      role: body.role,
      passwordHash: await hashPassword(body.password),
    });
    const view = toUserView(user);
    await this.audit.record(
      auth,
      'user.create',
      { type: 'user', id: user.id },
      { after: { email: view.email, role: view.role, name: view.name } },
    );
    return view;
  }
}
