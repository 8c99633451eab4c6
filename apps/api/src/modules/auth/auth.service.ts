import { Inject, Injectable } from '@nestjs/common';
import { hashToken } from '@switchyard/crypto';
import { type PasswordChange, type Session, type SetupStatus, type Viewer } from '@switchyard/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { ApiCredentialsRepository } from '../api-keys/api-credentials.repository.js';
import { type UserWithMemberships, UsersRepository } from '../users/users.repository.js';
import { toUserView } from '../users/user.view.js';
import { AdminSessionsService, assertUser, type SessionMethod } from './admin-sessions.service.js';
import { type AuthContext, type RequestOrigin, type TeamRole } from './auth-context.js';
import { AuthErrorCode, AuthException } from './auth.exception.js';
import { type ChangePasswordBody } from './auth.schemas.js';
import { FailedAuthentications } from './failed-authentications.js';
import { type LoginRefusal, LoginThrottle } from './login-throttle.js';
import { hashPassword, passwordMatches } from './passwords.js';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly apiCredentials: ApiCredentialsRepository,
    private readonly throttle: LoginThrottle,
    private readonly sessions: AdminSessionsService,
    private readonly failures: FailedAuthentications,
    private readonly audit: AuditService,
  ) {}

  /**
   * For the sign-in page of a new install: whether anyone can sign in yet. It tells nothing more than that an
   * install is empty, which its owner needs to know to get in.
   */
  async setup(): Promise<SetupStatus> {
    return { needsOwner: (await this.users.count()) === 0 };
  }

  async login(email: string, password: string, origin: RequestOrigin): Promise<AuthContext> {
    const actor = { kind: 'anonymous' as const, label: email, ...origin };
    const user = await this.users.findByEmail(email);
    const owner = user?.role === 'owner';
    const refusal = await this.throttle.refusal(email, origin.ip, owner);
    if (refusal) {
      await this.audit.record(
        actor,
        'auth.login.refused_locked',
        { type: 'user', id: user?.id ?? email },
        { after: { scope: refusal.scope } },
      );
      throw refused(refusal);
    }
    const valid =
      (await passwordMatches(user?.passwordHash ?? undefined, password)) &&
      user !== null &&
      user.disabledAt === null;
    if (!valid || !user) {
      const lockoutMs = await this.throttle.recordFailure(email, origin.ip, owner);
      await this.audit.record(actor, 'auth.login.failed', { type: 'user', id: user?.id ?? email });
      if (lockoutMs > 0) {
        await this.audit.record(
          actor,
          owner ? 'auth.backoff' : 'auth.lockout',
          { type: 'user', id: user?.id ?? email },
          { after: { lockedForSeconds: Math.ceil(lockoutMs / 1000) } },
        );
      }
      throw new AuthException(AuthErrorCode.InvalidCredentials, 'Email or password is incorrect');
    }
    await this.throttle.recordSuccess(email);
    if (this.config.oidcOnly && user.role !== 'owner') {
      await this.audit.record(actor, 'auth.login.refused_sso_only', { type: 'user', id: user.id });
      throw new AuthException(
        AuthErrorCode.PasswordLoginDisabled,
        'Password sign-in is turned off; sign in with SSO',
      );
    }
    const auth = contextOfUser(user, origin);
    await this.audit.record(auth, 'auth.login.succeeded', { type: 'user', id: user.id });
    return auth;
  }

  /** Starts a console session for a user who just proved who they are. */
  async startSession(auth: AuthContext, method: SessionMethod = 'password'): Promise<Session> {
    const user = await this.users.findById(auth.id);
    if (!user || user.disabledAt)
      throw new AuthException(AuthErrorCode.Unauthenticated, 'The account no longer exists or is disabled');
    const started = await this.sessions.start(user.id, method, auth);
    return {
      accessToken: started.accessToken,
      tokenType: 'Bearer',
      expiresIn: started.expiresIn,
      user: toUserView(user),
    } satisfies Session;
  }

  /** Resolves a Bearer credential: an admin API key (`sya-…`) or a session token. */
  async authenticate(credential: string | undefined, origin: RequestOrigin): Promise<AuthContext> {
    if (!credential)
      throw new AuthException(
        AuthErrorCode.Unauthenticated,
        'Sign in, or send an admin API key as a Bearer token',
      );
    if (credential.startsWith('sya-')) {
      const key = await this.apiCredentials.findUsableByHash(hashToken(credential), new Date());
      if (!key) {
        this.failures.record('auth.api_key.failed', origin.ip, credential);
        throw new AuthException(AuthErrorCode.Unauthenticated, 'The API key is invalid, revoked or expired');
      }
      return { kind: 'api_key', id: key.id, label: key.name, role: key.role, teams: new Map(), ...origin };
    }
    const session = await this.sessions.resolve(credential);
    if (!session)
      throw new AuthException(
        AuthErrorCode.Unauthenticated,
        'The session is invalid or has ended; sign in again',
      );
    return { ...contextOfUser(session.user, origin), sessionId: session.sessionId };
  }

  async me(auth: AuthContext): Promise<Viewer> {
    if (auth.kind === 'api_key') return { kind: 'api_key', id: auth.id, name: auth.label, role: auth.role };
    const user = await this.users.findById(auth.id);
    if (!user) throw new AuthException(AuthErrorCode.Unauthenticated, 'The account no longer exists');
    return { kind: 'user', ...toUserView(user) } satisfies Viewer;
  }

  async logout(auth: AuthContext): Promise<void> {
    await this.sessions.endCurrent(auth);
    await this.audit.record(auth, 'auth.logout', { type: auth.kind, id: auth.id });
  }

  /**
   * A user changes their own password. Every other session of theirs ends; the one that made the change goes on,
   * so the person at the keyboard is not signed out by their own change.
   */
  async changePassword(auth: AuthContext, body: ChangePasswordBody): Promise<PasswordChange> {
    assertUser(auth);
    const user = await this.users.findById(auth.id);
    if (!user) throw new AuthException(AuthErrorCode.Unauthenticated, 'The account no longer exists');
    if (!user.passwordHash)
      throw new AuthException(
        AuthErrorCode.NoPassword,
        'This account signs in through single sign-on and has no password; an admin can set one',
      );
    if (!(await passwordMatches(user.passwordHash, body.currentPassword))) {
      await this.throttle.recordFailure(user.email, auth.ip, user.role === 'owner');
      await this.audit.record(auth, 'user.password_change.failed', { type: 'user', id: user.id });
      throw new AuthException(
        AuthErrorCode.CurrentPasswordIncorrect,
        'The current password is incorrect',
        'currentPassword',
      );
    }
    await this.users.update(user.id, { passwordHash: await hashPassword(body.newPassword) });
    const endedSessions = await this.sessions.endAllOf(user.id, 'password_changed', auth.sessionId);
    await this.audit.record(
      auth,
      'user.password_change',
      { type: 'user', id: user.id },
      { after: { endedSessions } },
    );
    return { ok: true, endedSessions };
  }
}

function refused(refusal: LoginRefusal): AuthException {
  const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
  if (refusal.scope === 'email' && !refusal.owner)
    return new AuthException(
      AuthErrorCode.LockedOut,
      `Too many failed sign-in attempts; try again in ${Math.ceil(seconds / 60)} minute(s)`,
      null,
      seconds,
    );
  return new AuthException(
    AuthErrorCode.TooManyAttempts,
    `Too many failed sign-in attempts; try again in ${seconds} second(s)`,
    null,
    seconds,
  );
}

export function contextOfUser(user: UserWithMemberships, origin: RequestOrigin): AuthContext {
  return {
    kind: 'user',
    id: user.id,
    label: user.email,
    role: user.role,
    teams: new Map(user.memberships.map((m) => [m.teamId, m.role as TeamRole])),
    ...origin,
  };
}
