import { hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export const SESSION_COOKIE = 'switchyard_session';
export const SESSION_TTL_SECONDS = 60 * 60;

interface SessionClaims {
  sub: string;
  typ: 'session';
}

/**
 * Short-lived access tokens for the dashboard and scripts. The signing key is derived from the master key,
 * so there is no second secret to configure, and rotating the master key signs everyone out.
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

  issue(userId: string): string {
    return this.jwt.sign({ sub: userId, typ: 'session' } satisfies SessionClaims);
  }

  /** The user id of a valid, unexpired session token; undefined for anything else. */
  verify(token: string): string | undefined {
    try {
      const claims = this.jwt.verify<SessionClaims>(token, { algorithms: ['HS256'], issuer: 'switchyard' });
      return claims.typ === 'session' ? claims.sub : undefined;
    } catch {
      return undefined;
    }
  }
}
