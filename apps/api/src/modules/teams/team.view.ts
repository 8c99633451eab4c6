import { type TeamRole } from '../../database/generated/enums.js';

export interface TeamView {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  /** Set once the team is deleted; only organisation roles ever see a deleted team. */
  deletedAt: string | null;
}

export interface TeamListItem extends TeamView {
  memberCount: number;
}

export interface MemberView {
  teamId: string;
  userId: string;
  email: string;
  name: string | null;
  role: TeamRole;
  addedAt: string;
}

export interface TeamDetailView extends TeamView {
  members: MemberView[];
}

interface TeamRow {
  id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

interface MembershipRow {
  userId: string;
  role: TeamRole;
  createdAt: Date;
  user: { email: string; name: string | null };
}

export const toTeamView = (team: TeamRow): TeamView => ({
  id: team.id,
  name: team.name,
  createdAt: team.createdAt.toISOString(),
  updatedAt: team.updatedAt.toISOString(),
  deletedAt: team.deletedAt?.toISOString() ?? null,
});

export const toMemberView = (teamId: string, membership: MembershipRow): MemberView => ({
  teamId,
  userId: membership.userId,
  email: membership.user.email,
  name: membership.user.name,
  role: membership.role,
  addedAt: membership.createdAt.toISOString(),
});

export const toTeamDetailView = (team: TeamRow & { memberships: MembershipRow[] }): TeamDetailView => ({
  ...toTeamView(team),
  members: team.memberships.map((m) => toMemberView(team.id, m)),
});

export const toTeamListItem = (team: TeamRow & { _count: { memberships: number } }): TeamListItem => ({
  ...toTeamView(team),
  memberCount: team._count.memberships,
});
