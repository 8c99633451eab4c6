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
  type CreateTeamBody,
  createTeamSchema,
  type TeamListQuery,
  teamListQuerySchema,
  type UpdateTeamBody,
  updateTeamSchema,
  type UpsertMemberBody,
  upsertMemberSchema,
} from './teams.schemas.js';
import { TeamsService } from './teams.service.js';

@AdminController('teams', 'teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @RequirePermission(Permission.TeamsRead)
  @DocumentQuery(teamListQuerySchema)
  list(@Auth() auth: AuthContext, @ZodQuery(teamListQuerySchema) query: TeamListQuery) {
    return this.teams.list(auth, query);
  }

  @Post()
  @RequirePermission(Permission.TeamsManage)
  @DocumentBody(createTeamSchema)
  create(@Auth() auth: AuthContext, @ZodBody(createTeamSchema) body: CreateTeamBody) {
    return this.teams.create(auth, body);
  }

  @Get(':teamId')
  @RequirePermission(Permission.TeamsRead)
  get(@Auth() auth: AuthContext, @UuidParam('teamId') teamId: string) {
    return this.teams.get(auth, teamId);
  }

  @Patch(':teamId')
  @RequirePermission(Permission.TeamsManage)
  @DocumentBody(updateTeamSchema)
  rename(
    @Auth() auth: AuthContext,
    @UuidParam('teamId') teamId: string,
    @ZodBody(updateTeamSchema) body: UpdateTeamBody,
  ) {
    return this.teams.update(auth, teamId, body);
  }

  @Delete(':teamId')
  @RequirePermission(Permission.TeamsManage)
  delete(@Auth() auth: AuthContext, @UuidParam('teamId') teamId: string) {
    return this.teams.delete(auth, teamId);
  }

  @Post(':teamId/members')
  @RequirePermission(Permission.MembersManage)
  @DocumentBody(upsertMemberSchema)
  upsertMember(
    @Auth() auth: AuthContext,
    @UuidParam('teamId') teamId: string,
    @ZodBody(upsertMemberSchema) body: UpsertMemberBody,
  ) {
    return this.teams.upsertMember(auth, teamId, body);
  }

  @Delete(':teamId/members/:userId')
  @RequirePermission(Permission.MembersManage)
  removeMember(
    @Auth() auth: AuthContext,
    @UuidParam('teamId') teamId: string,
    @UuidParam('userId') userId: string,
  ) {
    return this.teams.removeMember(auth, teamId, userId);
  }
}
