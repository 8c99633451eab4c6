import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ApiCredentialsRepository } from '../api-keys/api-credentials.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { AdminRequestGate } from './admin-request-gate.js';
import { AdminSessionsRepository } from './admin-sessions.repository.js';
import { AdminSessionsService } from './admin-sessions.service.js';
import { FailedAuthentications } from './failed-authentications.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { BootstrapOwner } from './bootstrap-owner.js';
import { LoginThrottle } from './login-throttle.js';
import { SessionTokens } from './session-tokens.js';
import { AdminBearerStrategy } from './strategies/admin-bearer.strategy.js';
import { LocalStrategy } from './strategies/local.strategy.js';

/** Global so every admin controller can use AdminAuthGuard. */
@Global()
@Module({
  imports: [PassportModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    AdminAuthGuard,
    AdminRequestGate,
    AdminSessionsRepository,
    AdminSessionsService,
    FailedAuthentications,
    LoginThrottle,
    SessionTokens,
    AdminBearerStrategy,
    LocalStrategy,
    BootstrapOwner,
    UsersRepository,
    ApiCredentialsRepository,
  ],
  exports: [
    AdminAuthGuard,
    AdminBearerStrategy,
    AdminRequestGate,
    AdminSessionsService,
    AuthService,
    FailedAuthentications,
    UsersRepository,
    ApiCredentialsRepository,
  ],
})
export class AuthModule {}
