import { Injectable } from '@nestjs/common';
import { type Member, type TeamDetail, type TeamListItem } from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type Team } from '../../database/generated/client.js';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { type AuthContext, isTeamScoped } from '../auth/auth-context.js';
import { UsersRepository } from '../users/users.repository.js';
import { canManageTeam, canSeeTeam } from './team-access.js';
import { TeamLifecycle } from './team-lifecycle.js';
import { toMemberView, toTeamDetailView, toTeamListItem, toTeamView } from './team.view.js';
import { TeamsErrorCode, TeamsException } from './teams.exception.js';
import { TeamNameTaken, TeamsRepository } from './teams.repository.js';
import {
  type CreateTeamBody,
  type TeamListQuery,
  type UpdateTeamBody,
  type UpsertMemberBody,
} from './teams.schemas.js';

export interface TeamAccessOptions {
  /** Let organisation roles reach a deleted team (to read its history); team-scoped roles never do. */
  includeDeleted?: boolean;
}

const nameTaken = (name: string) =>
  new TeamsException(TeamsErrorCode.NameTaken, `A team named "${name}" already exists`, 'name');

const teamNotFound = (teamId: string) =>
  new TeamsException(TeamsErrorCode.TeamNotFound, `No team with id ${teamId}`, 'teamId');

@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
    private readonly lifecycle: TeamLifecycle,
    private readonly audit: AuditService,
  ) {}

  /**
   * The tenant check for everything that hangs off a team (members, tokens, budgets, spend, usage): the team
   * as the caller may see it, or a 404 when it is someone else's, so its existence does not leak. A deleted
   * team answers 409 `team_deleted` to organisation roles unless `includeDeleted` is set.
   */
  async assertTeamVisible(auth: AuthContext, teamId: string, options: TeamAccessOptions = {}): Promise<Team> {
    // Checked before the read, so another tenant's id costs no query.
    if (isTeamScoped(auth) && !auth.teams.has(teamId)) throw teamNotFound(teamId);
    const team = await this.teams.findById(teamId);
    if (!team || !canSeeTeam(auth, team)) throw teamNotFound(teamId);
    if (team.deletedAt && !options.includeDeleted) {
      throw new TeamsException(TeamsErrorCode.TeamDeleted, `Team ${teamId} has been deleted`, 'teamId');
    }
    return team;
  }

  /** As `assertTeamVisible`, and the caller may change the team: an organisation role, or its team_admin. */
  async assertTeamManageable(
    auth: AuthContext,
    teamId: string,
    options: TeamAccessOptions = {},
  ): Promise<Team> {
    const team = await this.assertTeamVisible(auth, teamId, options);
    if (!canManageTeam(auth, teamId)) {
      throw new TeamsException(
        TeamsErrorCode.NotTeamAdmin,
        'Only a team_admin of this team (or an owner or admin) may do this',
      );
    }
    return team;
  }

  async list(auth: AuthContext, query: TeamListQuery): Promise<Page<TeamListItem>> {
    const after = decodeCursor(query.cursor, z.tuple([z.string(), z.uuid()]));
    const teamIds = isTeamScoped(auth) ? [...auth.teams.keys()] : undefined;
    if (teamIds?.length === 0) return { items: [], nextCursor: null };
    const rows = await this.teams.list({ teamIds, after }, query.limit + 1);
    const page = toPage(rows, query.limit, (row) => [row.name, row.id]);
    return { items: page.items.map(toTeamListItem), nextCursor: page.nextCursor };
  }

  async get(auth: AuthContext, teamId: string): Promise<TeamDetail> {
    await this.assertTeamVisible(auth, teamId, { includeDeleted: true });
    const team = await this.teams.findWithMembers(teamId);
    if (!team) throw teamNotFound(teamId);
    return toTeamDetailView(team);
  }

  async create(auth: Actor, body: CreateTeamBody): Promise<TeamDetail> {
    if (await this.teams.findLiveByName(body.name)) throw nameTaken(body.name);
    const team = await this.teams.create(body.name, body.logBodies).catch((error: unknown) => {
      throw error instanceof TeamNameTaken ? nameTaken(body.name) : error;
    });
    const view = toTeamDetailView(team);
    await this.audit.record(auth, 'team.create', { type: 'team', id: team.id }, { after: toTeamView(team) });
    return view;
  }

  /** Live teams with these names; deleted teams keep their name but no longer own it. */
  findLiveByNames(names: string[]): Promise<Team[]> {
    return names.length === 0 ? Promise.resolve([]) : this.teams.findLiveByNames(names);
  }

  async update(auth: AuthContext, teamId: string, body: UpdateTeamBody): Promise<TeamDetail> {
    const before = await this.assertTeamVisible(auth, teamId);
    const { name } = body;
    if (name !== undefined) {
      const clash = await this.teams.findLiveByName(name);
      if (clash && clash.id !== teamId) throw nameTaken(name);
    }
    const team = await this.teams.update(teamId, body).catch((error: unknown) => {
      throw error instanceof TeamNameTaken ? nameTaken(name ?? before.name) : error;
    });
    if (body.logBodies !== undefined && body.logBodies !== before.logBodies)
      await this.lifecycle.teamChanged(teamId);
    await this.audit.record(
      auth,
      'team.update',
      { type: 'team', id: teamId },
      { before: toTeamView(before), after: toTeamView(team) },
    );
    return toTeamDetailView(team);
  }

  /**
   * Soft delete: the row, its usage and its spend stay for history; the team leaves every list and its
   * tokens stop working. Deleting a deleted team finishes whatever a failed earlier attempt left undone.
   */
  async delete(auth: AuthContext, teamId: string): Promise<TeamDetail> {
    const before = await this.assertTeamVisible(auth, teamId, { includeDeleted: true });
    const deletedNow = await this.teams.softDelete(teamId, new Date());
    await this.lifecycle.teamDeleted(auth, teamId);
    const team = await this.teams.findWithMembers(teamId);
    if (!team) throw teamNotFound(teamId);
    if (deletedNow) {
      await this.audit.record(
        auth,
        'team.delete',
        { type: 'team', id: teamId },
        { before: toTeamView(before), after: toTeamView(team) },
      );
    }
    return toTeamDetailView(team);
  }

  async upsertMember(auth: AuthContext, teamId: string, body: UpsertMemberBody): Promise<Member> {
    await this.assertTeamManageable(auth, teamId);
    const user = await this.users.findById(body.userId);
    if (!user) {
      throw new TeamsException(TeamsErrorCode.UserNotFound, `No user with id ${body.userId}`, 'userId');
    }
    const before = await this.teams.findMember(teamId, body.userId);
    const membership = await this.teams.upsertMember(teamId, body.userId, body.role);
    await this.audit.record(
      auth,
      before ? 'team.member.update' : 'team.member.add',
      { type: 'team', id: teamId },
      {
        before: before ? { userId: before.userId, role: before.role } : undefined,
        after: { userId: membership.userId, email: membership.user.email, role: membership.role },
      },
    );
    return toMemberView(teamId, membership);
  }

  async removeMember(
    auth: AuthContext,
    teamId: string,
    userId: string,
  ): Promise<{ teamId: string; userId: string; removed: true }> {
    await this.assertTeamManageable(auth, teamId);
    const before = await this.teams.findMember(teamId, userId);
    if (!before || !(await this.teams.removeMember(teamId, userId))) {
      throw new TeamsException(
        TeamsErrorCode.MemberNotFound,
        `User ${userId} is not a member of team ${teamId}`,
        'userId',
      );
    }
    await this.audit.record(
      auth,
      'team.member.remove',
      { type: 'team', id: teamId },
      { before: { userId, role: before.role } },
    );
    return { teamId, userId, removed: true };
  }

  /**
   * Makes a user's memberships of the `governed` teams exactly `grants` (team id → role), leaving their other
   * teams alone: single sign-on re-evaluates the teams its map names at every sign-in, and only those.
   */
  async syncMemberships(
    actor: Actor,
    userId: string,
    current: readonly { teamId: string; role: string }[],
    grants: ReadonlyMap<string, 'team_admin' | 'member'>,
    governed: readonly string[],
  ): Promise<void> {
    const held = new Map(current.map((m) => [m.teamId, m.role]));
    for (const [teamId, role] of grants) {
      if (held.get(teamId) === role) continue;
      await this.teams.upsertMember(teamId, userId, role);
      await this.audit.record(
        actor,
        held.has(teamId) ? 'team.member.update' : 'team.member.add',
        { type: 'team', id: teamId },
        {
          before: held.has(teamId) ? { userId, role: held.get(teamId) } : undefined,
          after: { userId, role },
        },
      );
    }
    for (const teamId of governed) {
      if (grants.has(teamId) || !held.has(teamId)) continue;
      await this.teams.removeMember(teamId, userId);
      await this.audit.record(
        actor,
        'team.member.remove',
        { type: 'team', id: teamId },
        { before: { userId, role: held.get(teamId) } },
      );
    }
  }
}
