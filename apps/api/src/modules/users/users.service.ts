import { Injectable } from '@nestjs/common';
import { type PasswordReset, type User } from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { AuditService } from '../audit/audit.service.js';
import { AdminSessionsService } from '../auth/admin-sessions.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import { hashPassword } from '../auth/passwords.js';
import { type CreateUserBody, type ResetPasswordBody, type UpdateUserBody } from './users.schemas.js';
import { UsersErrorCode, UsersException } from './users.exception.js';
import {
  EmailTaken,
  LastOwner,
  type UserChange,
  UsersRepository,
  type UserWithMemberships,
} from './users.repository.js';
import { toUserView } from './user.view.js';

/**
 * The user lifecycle. Only an owner may change an owner or make one, and the organisation always keeps one live,
 * enabled owner. Disabling, deleting, a role change and a password reset end every session of the user, and the
 * API keys they created stay: they belong to the organisation.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: AdminSessionsService,
    private readonly audit: AuditService,
  ) {}

  async list(cursor: string | undefined, limit: number): Promise<Page<User>> {
    const after = decodeCursor(cursor, z.string().max(320));
    const rows = await this.users.list(after, limit + 1);
    const page = toPage(rows, limit, (row) => row.email);
    return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
  }

  /** One user, a deleted one too: their history still names them. */
  async get(id: string): Promise<User> {
    const user = await this.users.findAnyById(id);
    if (!user) throw notFound(id);
    return toUserView(user);
  }

  async create(auth: AuthContext, body: CreateUserBody): Promise<User> {
    if (body.role === 'owner' && auth.role !== 'owner') {
      throw new UsersException(UsersErrorCode.OwnerOnly, 'Only an owner can create another owner', 'role');
    }
    if (await this.users.findByEmail(body.email)) throw emailTaken(body.email);
    const user = await this.users
      .create({
        email: body.email,
        name: body.name ?? null,
        role: body.role,
        passwordHash: await hashPassword(body.password),
      })
      .catch((error: unknown) => {
        throw error instanceof EmailTaken ? emailTaken(body.email) : error;
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

  async update(auth: AuthContext, id: string, body: UpdateUserBody): Promise<User> {
    const user = await this.requireChangeable(auth, id);
    if (body.role === 'owner' && auth.role !== 'owner')
      throw new UsersException(UsersErrorCode.OwnerOnly, 'Only an owner can make someone an owner', 'role');
    const change: UserChange = {};
    if (body.role !== undefined && body.role !== user.role) change.role = body.role;
    if (body.name !== undefined && body.name !== user.name) change.name = body.name;
    if (body.disabled !== undefined && body.disabled !== (user.disabledAt !== null))
      change.disabledAt = body.disabled ? new Date() : null;
    if (Object.keys(change).length === 0) return toUserView(user);

    const updated = await this.apply(id, change, change.role !== undefined ? 'role' : 'disabled');
    const before = toUserView(user);
    const after = toUserView(updated);
    if (change.role !== undefined || change.name !== undefined) {
      const endedSessions = change.role !== undefined ? await this.sessions.endAllOf(id, 'role_changed') : 0;
      await this.audit.record(
        auth,
        'user.update',
        { type: 'user', id },
        {
          before: { role: before.role, name: before.name },
          after: { role: after.role, name: after.name, endedSessions },
        },
      );
    }
    if (change.disabledAt !== undefined) {
      const endedSessions = change.disabledAt ? await this.sessions.endAllOf(id, 'disabled') : 0;
      await this.audit.record(
        auth,
        change.disabledAt ? 'user.disable' : 'user.enable',
        { type: 'user', id },
        { before: { disabled: before.disabled }, after: { disabled: after.disabled, endedSessions } },
      );
    }
    return after;
  }

  /** Soft delete: the user leaves every list and team and cannot sign in; their history stays. */
  async remove(auth: AuthContext, id: string): Promise<User> {
    const user = await this.requireChangeable(auth, id);
    const deleted = await this.apply(id, { deletedAt: new Date() }, null);
    await this.users.removeMemberships(id);
    const endedSessions = await this.sessions.endAllOf(id, 'deleted');
    await this.audit.record(
      auth,
      'user.delete',
      { type: 'user', id },
      { before: toUserView(user), after: { deleted: true, endedSessions } },
    );
    return { ...toUserView(deleted), teams: [] };
  }

  /** An admin sets a user's password; the user's sessions end, so whoever held them must sign in again. */
  async resetPassword(auth: AuthContext, id: string, body: ResetPasswordBody): Promise<PasswordReset> {
    await this.requireChangeable(auth, id);
    await this.apply(id, { passwordHash: await hashPassword(body.password) }, null);
    const endedSessions = await this.sessions.endAllOf(id, 'password_reset');
    await this.audit.record(auth, 'user.password_reset', { type: 'user', id }, { after: { endedSessions } });
    return { id, endedSessions };
  }

  /** A live user the caller may change: only an owner changes an owner. */
  private async requireChangeable(auth: AuthContext, id: string): Promise<UserWithMemberships> {
    const user = await this.users.findById(id);
    if (!user) throw notFound(id);
    if (user.role === 'owner' && auth.role !== 'owner')
      throw new UsersException(UsersErrorCode.OwnerOnly, 'Only an owner can change an owner', 'id');
    return user;
  }

  private async apply(id: string, change: UserChange, param: string | null): Promise<UserWithMemberships> {
    try {
      const updated = await this.users.update(id, change);
      if (!updated) throw notFound(id);
      return updated;
    } catch (error) {
      if (!(error instanceof LastOwner)) throw error;
      throw new UsersException(
        UsersErrorCode.LastOwner,
        'This is the last owner: make someone else an owner first',
        param,
      );
    }
  }
}

const notFound = (id: string) => new UsersException(UsersErrorCode.NotFound, `No user with id ${id}`, 'id');

const emailTaken = (email: string) =>
  new UsersException(UsersErrorCode.EmailTaken, `A user with email ${email} already exists`, 'email');
