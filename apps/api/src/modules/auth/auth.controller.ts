import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { DocumentBody } from '../../common/validation/zod-params.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { Auth, type AuthContext } from './auth-context.js';
import { loginSchema } from './auth.schemas.js';
import { AuthService } from './auth.service.js';
import { LocalAuthGuard } from './local-auth.guard.js';
import { Permission } from './permissions.js';
import { RequirePermission } from './require-permission.decorator.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';

@Controller('admin/auth')
@ApiTags('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @DocumentBody(loginSchema)
  async login(
    @Auth() auth: AuthContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const session = await this.auth.startSession(auth);
    setSessionCookie(reply, session.accessToken, request.protocol === 'https');
    return session;
  }

  /** Public: the sign-in page asks it to explain how to create the first owner when there is none. */
  @Get('setup')
  setup() {
    return this.auth.setup();
  }

  @Get('me')
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @RequirePermission(Permission.Self)
  me(@Auth() auth: AuthContext) {
    return this.auth.me(auth);
  }

  @Post('logout')
  @HttpCode(200)
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @RequirePermission(Permission.Self)
  async logout(@Auth() auth: AuthContext, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.auth.logout(auth);
    clearSessionCookie(reply);
    return { ok: true };
  }
}
