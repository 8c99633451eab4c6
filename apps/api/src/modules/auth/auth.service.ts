import { Injectable } from '@nestjs/common';
import { hashToken } from '@switchyard/crypto';
import { type Session, type Viewer } from '@switchyard/contracts';
import { AuditService } from '../audit/audit.service.js';
import { ApiCredentialsRepository } from '../api-keys/api-credentials.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { toUserView } from '../users/user.view.js';
import { type AuthContext, type RequestOrigin, type TeamRole } from './auth-context.js';
import { AuthErrorCode, AuthException } from './auth.exception.js';
import { LoginThrottle } from './login-throttle.js';
import { passwordMatches } from './passwords.js';
import { SESSION_TTL_SECONDS, SessionTokens } from './session-tokens.js';

type UserWithMemberships = NonNullable<Awaited<ReturnType<UsersRepository['findById']>>>;

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly apiCredentials: ApiCredentialsRepository,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionTokens,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string, origin: RequestOrigin): Promise<AuthContext> {
    const actor = { kind: 'anonymous' as const, label: email, ...origin };
    const lockedMs = await this.throttle.lockedFor(email);
    if (lockedMs > 0) {
      await this.audit.record(actor, 'auth.login.refused_locked', { type: 'user', id: email });
      throw lockedOut(lockedMs);
    }
    const user = await this.users.findByEmail(email);
    const valid =
      (await passwordMatches(user?.passwordHash, password)) && user !== null && user.disabledAt === null;
    if (!valid || !user) {
      const lockoutMs = await this.throttle.recordFailure(email);
      await this.audit.record(actor, 'auth.login.failed', { type: 'user', id: user?.id ?? email });
      if (lockoutMs > 0) {
        await this.audit.record(
          actor,
          'auth.lockout',
          { type: 'user', id: user?.id ?? email },
          { after: { lockedForSeconds: lockoutMs / 1000 } },
        );
      }
      throw new AuthException(AuthErrorCode.InvalidCredentials, 'Email or password is incorrect');
    }
    await this.throttle.recordSuccess(email);
    const auth = contextOfUser(user, origin);
    await this.audit.record(auth, 'auth.login.succeeded', { type: 'user', id: user.id });
    return auth;
  }

  async startSession(auth: AuthContext): Promise<Session> {
    const user = await this.users.findById(auth.id);
    if (!user) throw new AuthException(AuthErrorCode.Unauthenticated, 'The account no longer exists');
    return {
      accessToken: this.sessions.issue(user.id),
      tokenType: 'Bearer',
      expiresIn: SESSION_TTL_SECONDS,
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
      if (!key)
        throw new AuthException(AuthErrorCode.Unauthenticated, 'The API key is invalid, revoked or expired');
      return { kind: 'api_key', id: key.id, label: key.name, role: key.role, teams: new Map(), ...origin };
    }
    const userId = this.sessions.verify(credential);
    const user = userId ? await this.users.findById(userId) : null;
    if (!user || user.disabledAt)
      throw new AuthException(
        AuthErrorCode.Unauthenticated,
        'The session is invalid or has expired; sign in again',
      );
    return contextOfUser(user, origin);
  }

  async me(auth: AuthContext): Promise<Viewer> {
    if (auth.kind === 'api_key') return { kind: 'api_key', id: auth.id, name: auth.label, role: auth.role };
    const user = await this.users.findById(auth.id);
    if (!user) throw new AuthException(AuthErrorCode.Unauthenticated, 'The account no longer exists');
    return { kind: 'user', ...toUserView(user) } satisfies Viewer;
  }

  async logout(auth: AuthContext): Promise<void> {
    await this.audit.record(auth, 'auth.logout', { type: auth.kind, id: auth.id });
  }
}

function lockedOut(lockedMs: number): AuthException {
  const seconds = Math.ceil(lockedMs / 1000);
  return new AuthException(
    AuthErrorCode.LockedOut,
    `Too many failed sign-in attempts; try again in ${Math.ceil(seconds / 60)} minute(s)`,
    seconds,
  );
}

function contextOfUser(user: UserWithMemberships, origin: RequestOrigin): AuthContext {
  return {
    kind: 'user',
    id: user.id,
    label: user.email,
    role: user.role,
    teams: new Map(user.memberships.map((m) => [m.teamId, m.role as TeamRole])),
    ...origin,
  };
}
