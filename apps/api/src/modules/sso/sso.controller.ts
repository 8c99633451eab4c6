import { Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { DocumentBody, ZodBody } from '../../common/validation/zod-params.js';
import { originOf } from '../auth/auth-context.js';
import { setSessionCookie } from '../auth/session-cookie.js';
import { type SsoCallbackBody, ssoCallbackSchema } from './sso.schemas.js';
import { SsoService } from './sso.service.js';

/** Open to anyone: these routes are how someone without a session gets one. */
@Controller('admin/auth/sso')
@ApiTags('auth')
export class SsoController {
  constructor(private readonly sso: SsoService) {}

  @Get()
  status() {
    return this.sso.status();
  }

  @Post('start')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  start() {
    return this.sso.start();
  }

  @Post('callback')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @DocumentBody(ssoCallbackSchema)
  async callback(
    @ZodBody(ssoCallbackSchema) body: SsoCallbackBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const session = await this.sso.callback(body, originOf(request));
    setSessionCookie(reply, session.accessToken, request.protocol === 'https');
    return session;
  }
}
