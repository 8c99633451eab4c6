import { Module } from '@nestjs/common';
import { CreditsModule } from '../credits/credits.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { LastUsedTracker } from './last-used-tracker.js';
import { ProxyTokenAuthenticator } from './proxy-token.authenticator.js';
import { ProxyTokensRepository } from './proxy-tokens.repository.js';
import { ProxyTokensService } from './proxy-tokens.service.js';
import { TeamTokensController } from './team-tokens.controller.js';
import { TokenCache } from './token-cache.js';
import { ProxyTokenInvalidation } from './token-invalidation.js';
import { TokensController } from './tokens.controller.js';

/**
 * Proxy tokens: the admin endpoints, and `ProxyTokenAuthenticator` for the /v1 data plane. Anything that
 * revokes tokens or deletes teams outside this module must tell `ProxyTokenInvalidation` afterwards.
 */
@Module({
  imports: [TeamsModule, CreditsModule],
  controllers: [TeamTokensController, TokensController],
  providers: [
    ProxyTokensService,
    ProxyTokensRepository,
    ProxyTokenAuthenticator,
    ProxyTokenInvalidation,
    LastUsedTracker,
    { provide: TokenCache, useFactory: () => new TokenCache() },
  ],
  exports: [ProxyTokensService, ProxyTokenAuthenticator, ProxyTokenInvalidation],
})
export class ProxyTokensModule {}
