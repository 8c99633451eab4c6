import { Module } from '@nestjs/common';
import { TeamsModule } from '../teams/teams.module.js';
import { OidcClient } from './oidc-client.js';
import { SsoAccounts } from './sso-accounts.js';
import { SsoController } from './sso.controller.js';
import { SsoService } from './sso.service.js';
import { SsoTransactions } from './sso-transactions.js';

@Module({
  imports: [TeamsModule],
  controllers: [SsoController],
  providers: [SsoService, SsoAccounts, SsoTransactions, OidcClient],
})
export class SsoModule {}
