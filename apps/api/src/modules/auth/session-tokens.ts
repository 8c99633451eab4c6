import { hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export const SESSION_COOKIE = 'switchyard_session';
export const SESSION_TTL_SECONDS = 60 * 60;

interface SessionClaims {
  sub: string;
  /** The server-side session (`admin_sessions.id`) the token belongs to. */
  sid: string;
  typ: 'session';
  exp?: number;
}

export interface SessionTokenSubject {
  userId: string;
  sessionId: string;
}

/**
 * Short-lived access tokens for the dashboard and scripts. The signing key is derived from the master key,
 * so there is no second secret to configure, and rotating the master key signs everyone out. A token only
 * names its session: whether the session is still live is decided by the database on every request.
 */
@Injectable()
export class SessionTokens {
  private readonly jwt: JwtService;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.masterKey) throw new Error('the master key must be resolved before the app is built');
    const secret = Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(config.masterKey, 'base64'),
        Buffer.alloc(0),
        'switchyard session tokens',
        32,
      ),
    );
    this.jwt = new JwtService({
      secret,
      signOptions: { algorithm: 'HS256', expiresIn: SESSION_TTL_SECONDS, issuer: 'switchyard' },
    });
  }

  issue(subject: SessionTokenSubject): string {
    return this.jwt.sign({
      sub: subject.userId,
      sid: subject.sessionId,
      typ: 'session',
    } satisfies SessionClaims);
  }

  /** The subject of a valid, unexpired session token; undefined for anything else, a token without `exp` too. */
  verify(token: string): SessionTokenSubject | undefined {
    try {
      const claims = this.jwt.verify<SessionClaims>(token, { algorithms: ['HS256'], issuer: 'switchyard' });
      if (claims.typ !== 'session' || typeof claims.exp !== 'number') return undefined;
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return undefined;
      return { userId: claims.sub, sessionId: claims.sid };
    } catch {
      return undefined;
    }
  }
}
