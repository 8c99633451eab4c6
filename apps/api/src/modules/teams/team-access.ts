import { type AuthContext, isTeamScoped } from '../auth/auth-context.js';

/**
 * Organisation roles see every team, deleted ones included (their history and spend stay readable).
 * Team-scoped roles see only the live teams they belong to; anything else must look like it does not exist.
 */
export function canSeeTeam(auth: AuthContext, team: { id: string; deletedAt: Date | null }): boolean {
  if (!isTeamScoped(auth)) return true;
  return auth.teams.has(team.id) && team.deletedAt === null;
}

/**
 * Whether the caller may change a team's members and tokens, once the route's permission has passed: an
 * organisation role always may; a team-scoped one only as team_admin of that very team.
 */
export function canManageTeam(auth: AuthContext, teamId: string): boolean {
  return !isTeamScoped(auth) || auth.teams.get(teamId) === 'team_admin';
}
