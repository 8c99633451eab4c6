import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ZodValidationPipe } from '../../common/validation/zod-validation.pipe.js';
import { type AuthContext } from './auth-context.js';
import { AuthErrorCode, AuthException } from './auth.exception.js';
import { loginSchema } from './auth.schemas.js';
import { runStrategy } from './run-strategy.js';
import { LocalStrategy } from './strategies/local.strategy.js';

const validateLogin = new ZodValidationPipe(loginSchema);

/** Checks the login body's shape first, so a malformed request gets a 400 naming the field, not a 401. */
@Injectable()
export class LocalAuthGuard implements CanActivate {
  constructor(private readonly strategy: LocalStrategy) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<{ body: unknown; user?: AuthContext }>();
    request.body = validateLogin.transform(request.body);
    const user = await runStrategy<AuthContext>(this.strategy, request, http.getResponse<object>());
    if (!user) throw new AuthException(AuthErrorCode.InvalidCredentials, 'Email or password is incorrect');
    request.user = user;
    return true;
  }
}
