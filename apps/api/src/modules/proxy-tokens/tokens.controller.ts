import { Delete, Get, Patch, Post } from '@nestjs/common';
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
  type RotateTokenBody,
  rotateTokenSchema,
  type TokenListQuery,
  tokenListQuerySchema,
  type UpdateTokenBody,
  updateTokenSchema,
} from './proxy-tokens.schemas.js';
import { ProxyTokensService } from './proxy-tokens.service.js';

@AdminController('tokens', 'tokens')
export class TokensController {
  constructor(private readonly tokens: ProxyTokensService) {}

  @Get()
  @RequirePermission(Permission.TokensRead)
  @DocumentQuery(tokenListQuerySchema)
  list(@Auth() auth: AuthContext, @ZodQuery(tokenListQuerySchema) query: TokenListQuery) {
    return this.tokens.list(auth, query);
  }

  @Get(':tokenId')
  @RequirePermission(Permission.TokensRead)
  get(@Auth() auth: AuthContext, @UuidParam('tokenId') tokenId: string) {
    return this.tokens.get(auth, tokenId);
  }

  @Get(':tokenId/spend')
  @RequirePermission(Permission.SpendRead)
  spend(@Auth() auth: AuthContext, @UuidParam('tokenId') tokenId: string) {
    return this.tokens.spend(auth, tokenId);
  }

  @Patch(':tokenId')
  @RequirePermission(Permission.TokensManage)
  @DocumentBody(updateTokenSchema)
  update(
    @Auth() auth: AuthContext,
    @UuidParam('tokenId') tokenId: string,
    @ZodBody(updateTokenSchema) body: UpdateTokenBody,
  ) {
    return this.tokens.update(auth, tokenId, body);
  }

  @Delete(':tokenId')
  @RequirePermission(Permission.TokensManage)
  revoke(@Auth() auth: AuthContext, @UuidParam('tokenId') tokenId: string) {
    return this.tokens.revoke(auth, tokenId);
  }

  @Post(':tokenId/rotate')
  @RequirePermission(Permission.TokensManage)
  @DocumentBody(rotateTokenSchema)
  rotate(
    @Auth() auth: AuthContext,
    @UuidParam('tokenId') tokenId: string,
    @ZodBody(rotateTokenSchema) body: RotateTokenBody,
  ) {
    return this.tokens.rotate(auth, tokenId, body);
  }
}
