import {
  applyDecorators,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Post,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type PageQuery, pageQuerySchema } from '../../common/paging/cursor.js';
import {
  DocumentBody,
  DocumentQuery,
  UuidParam,
  ZodBody,
  ZodQuery,
} from '../../common/validation/zod-params.js';
import { AdminSessionsService } from './admin-sessions.service.js';
import { Auth, type AuthContext } from './auth-context.js';
import { type ChangePasswordBody, changePasswordSchema, loginSchema } from './auth.schemas.js';
import { AuthService } from './auth.service.js';
import { LocalAuthGuard } from './local-auth.guard.js';
import { Permission } from './permissions.js';
import { RequirePermission } from './require-permission.decorator.js';
import { AccessDeniedAuditInterceptor } from './access-denied-audit.interceptor.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';

/** Login is open to anyone; every other route here is for whoever is signed in. */
const SignedIn = () =>
  applyDecorators(
    UseGuards(AdminAuthGuard),
    UseInterceptors(AccessDeniedAuditInterceptor),
    ApiBearerAuth(),
    RequirePermission(Permission.Self),
  );

@Controller('admin/auth')
@ApiTags('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: AdminSessionsService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @Header('cache-control', 'no-store')
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
  @SignedIn()
  me(@Auth() auth: AuthContext) {
    return this.auth.me(auth);
  }

  @Post('logout')
  @HttpCode(200)
  @SignedIn()
  async logout(@Auth() auth: AuthContext, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.auth.logout(auth);
    clearSessionCookie(reply);
    return { ok: true };
  }

  @Post('password')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @SignedIn()
  @DocumentBody(changePasswordSchema)
  changePassword(@Auth() auth: AuthContext, @ZodBody(changePasswordSchema) body: ChangePasswordBody) {
    return this.auth.changePassword(auth, body);
  }

  @Get('sessions')
  @SignedIn()
  @DocumentQuery(pageQuerySchema)
  listSessions(@Auth() auth: AuthContext, @ZodQuery(pageQuerySchema) query: PageQuery) {
    return this.sessions.list(auth, query);
  }

  @Delete('sessions/:id')
  @SignedIn()
  endSession(@Auth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.sessions.end(auth, id);
  }
}
