import { Injectable } from '@nestjs/common';
import { type ConsoleSession, type SessionEnded } from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, type PageQuery, toPage } from '../../common/paging/cursor.js';
import { AuditService } from '../audit/audit.service.js';
import { type UserWithMemberships } from '../users/users.repository.js';
import { type AuthContext, type RequestOrigin } from './auth-context.js';
import { AdminSessionsRepository } from './admin-sessions.repository.js';
import { AuthErrorCode, AuthException } from './auth.exception.js';
import { SESSION_TTL_SECONDS, SessionTokens } from './session-tokens.js';

/** Sessions and passwords belong to people; an API key has neither. */
export function assertUser(auth: AuthContext): void {
  if (auth.kind !== 'user')
    throw new AuthException(
      AuthErrorCode.NotAUser,
      'API keys have no sessions or password; sign in as a user',
    );
}

/** How stale `lastSeenAt` may get before a request writes it again: one write a minute per session at most. */
const TOUCH_AFTER_MS = 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type SessionMethod = ConsoleSession['method'];

/** Why a user's sessions were ended; stored on each ended session. */
export type SessionEndReason =
  'logout' | 'ended' | 'disabled' | 'deleted' | 'role_changed' | 'password_changed' | 'password_reset';

type SessionRow = Awaited<ReturnType<AdminSessionsRepository['create']>>;

const toView = (row: SessionRow, currentId: string | null | undefined): ConsoleSession => ({
  id: row.id,
  // Only `start` writes it, with a SessionMethod.
  method: row.method as SessionMethod,
  createdAt: row.createdAt.toISOString(),
  lastSeenAt: row.lastSeenAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  ip: row.ip,
  userAgent: row.userAgent,
  current: row.id === currentId,
});

export interface StartedSession {
  accessToken: string;
  expiresIn: number;
  sessionId: string;
}

/**
 * Console sessions, recorded server-side. A session token is only good while its row is live, and the row is
 * read on every request, so ending a session takes effect on the very next request on every replica.
 */
@Injectable()
export class AdminSessionsService {
  constructor(
    private readonly sessions: AdminSessionsRepository,
    private readonly tokens: SessionTokens,
    private readonly audit: AuditService,
  ) {}

  async start(userId: string, method: SessionMethod, origin: RequestOrigin): Promise<StartedSession> {
    const session = await this.sessions.create({
      userId,
      method,
      expiresAt: new Date(Date.now() + SESSION_TTL_SECONDS * 1000),
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    return {
      accessToken: this.tokens.issue({ userId, sessionId: session.id }),
      expiresIn: SESSION_TTL_SECONDS,
      sessionId: session.id,
    };
  }

  /** The live session a token names, with its live, enabled user; undefined for anything else. */
  async resolve(
    token: string,
    now = new Date(),
  ): Promise<{ sessionId: string; user: UserWithMemberships } | undefined> {
    const subject = this.tokens.verify(token);
    if (!subject || !UUID.test(subject.sessionId)) return undefined;
    const session = await this.sessions.findWithUser(subject.sessionId);
    if (
      !session ||
      session.userId !== subject.userId ||
      session.endedAt !== null ||
      session.expiresAt <= now ||
      session.user.disabledAt !== null ||
      session.user.deletedAt !== null
    )
      return undefined;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS)
      await this.sessions.touch(session.id, now);
    return { sessionId: session.id, user: session.user };
  }

  async list(auth: AuthContext, query: PageQuery): Promise<Page<ConsoleSession>> {
    assertUser(auth);
    const after = decodeCursor(query.cursor, z.tuple([z.iso.datetime(), z.uuid()]));
    const rows = await this.sessions.listLive(
      auth.id,
      new Date(),
      after ? [new Date(after[0]), after[1]] : undefined,
      query.limit + 1,
    );
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
    return { items: page.items.map((row) => toView(row, auth.sessionId)), nextCursor: page.nextCursor };
  }

  /** Ends one of the caller's own sessions; another user's session is not found, as if it did not exist. */
  async end(auth: AuthContext, id: string): Promise<SessionEnded> {
    assertUser(auth);
    if (!(await this.sessions.end(auth.id, id, 'ended', new Date())))
      throw new AuthException(AuthErrorCode.SessionNotFound, `You have no live session with id ${id}`, 'id');
    await this.audit.record(auth, 'auth.session.end', { type: 'session', id });
    return { id, ended: true };
  }

  /** Ends the session a request was made with (logout). */
  async endCurrent(auth: AuthContext): Promise<void> {
    if (auth.kind === 'user' && auth.sessionId)
      await this.sessions.end(auth.id, auth.sessionId, 'logout', new Date());
  }

  /** Ends every live session of a user (all but `keepId`); the count goes into the caller's audit event. */
  endAllOf(userId: string, reason: SessionEndReason, keepId?: string): Promise<number> {
    return this.sessions.endAll(userId, reason, new Date(), keepId);
  }
}
