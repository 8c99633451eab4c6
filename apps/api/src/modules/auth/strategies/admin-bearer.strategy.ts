import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { originOf, type AuthContext } from '../auth-context.js';
import { AuthService } from '../auth.service.js';
import { sessionCookieOf } from '../session-cookie.js';

/** A Bearer header (session token or `sya-` API key), else the dashboard's session cookie. */
function credentialOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Bearer\s+/i.test(header))
    return header.replace(/^Bearer\s+/i, '').trim();
  return sessionCookieOf(request);
}

@Injectable()
export class AdminBearerStrategy extends PassportStrategy(Strategy, 'admin-bearer') {
  constructor(private readonly auth: AuthService) {
    super();
  }

  validate(request: FastifyRequest): Promise<AuthContext> {
    return this.auth.authenticate(credentialOf(request), originOf(request));
  }
}
