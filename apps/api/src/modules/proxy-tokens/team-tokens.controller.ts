import { Get, Post } from '@nestjs/common';
import {
  DocumentBody,
  DocumentQuery,
  UuidParam,
  ZodBody,
  ZodQuery,
} from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import {
  type CreateTokenBody,
  createTokenSchema,
  type TeamTokenListQuery,
  teamTokenListQuerySchema,
} from './proxy-tokens.schemas.js';
import { ProxyTokensService } from './proxy-tokens.service.js';

@AdminController('teams', 'tokens')
export class TeamTokensController {
  constructor(private readonly tokens: ProxyTokensService) {}

  @Get(':teamId/tokens')
  @RequirePermission(Permission.TokensRead)
  @DocumentQuery(teamTokenListQuerySchema)
  list(
    @Auth() auth: AuthContext,
    @UuidParam('teamId') teamId: string,
    @ZodQuery(teamTokenListQuerySchema) query: TeamTokenListQuery,
  ) {
    return this.tokens.listForTeam(auth, teamId, query);
  }

  @Post(':teamId/tokens')
  @RequirePermission(Permission.TokensManage)
  @DocumentBody(createTokenSchema)
  create(
    @Auth() auth: AuthContext,
    @UuidParam('teamId') teamId: string,
    @ZodBody(createTokenSchema) body: CreateTokenBody,
  ) {
    return this.tokens.create(auth, teamId, body);
  }
}
