import { type Member, type Team, type TeamDetail, type TeamListItem } from '@switchyard/contracts';
import { type TeamRole } from '../../database/generated/enums.js';

interface TeamRow {
  id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  logBodies: boolean;
}

interface MembershipRow {
  userId: string;
  role: TeamRole;
  createdAt: Date;
  user: { email: string; name: string | null };
}

export const toTeamView = (team: TeamRow): Team =>
  ({
    id: team.id,
    name: team.name,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
    deletedAt: team.deletedAt?.toISOString() ?? null,
    logBodies: team.logBodies,
  }) satisfies Team;

export const toMemberView = (teamId: string, membership: MembershipRow): Member =>
  ({
    teamId,
    userId: membership.userId,
    email: membership.user.email,
    name: membership.user.name,
    role: membership.role,
    addedAt: membership.createdAt.toISOString(),
  }) satisfies Member;

export const toTeamDetailView = (team: TeamRow & { memberships: MembershipRow[] }): TeamDetail =>
  ({
    ...toTeamView(team),
    members: team.memberships.map((m) => toMemberView(team.id, m)),
  }) satisfies TeamDetail;

export const toTeamListItem = (team: TeamRow & { _count: { memberships: number } }): TeamListItem =>
  ({
    ...toTeamView(team),
    memberCount: team._count.memberships,
  }) satisfies TeamListItem;
