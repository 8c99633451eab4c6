import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { presentedCredential, rememberedAuthentication } from '../admin-credential.js';
import { originOf, type AuthContext } from '../auth-context.js';
import { AuthService } from '../auth.service.js';

@Injectable()
export class AdminBearerStrategy extends PassportStrategy(Strategy, 'admin-bearer') {
  constructor(private readonly auth: AuthService) {
    super();
  }

  async validate(request: FastifyRequest): Promise<AuthContext> {
    return (
      rememberedAuthentication(request) ??
      this.auth.authenticate(presentedCredential(request)?.value, originOf(request))
    );
  }
}
