import { Permission, roleAllows, type Role, type TeamRole, type Viewer } from '@switchyard/contracts';

/**
 * What the console may offer, each read from the API's own role table (`ROLE_PERMISSIONS` in
 * `@switchyard/contracts`) through the permission its pages and actions need. The API decides on every call; this
 * only keeps controls that would be refused off the screen.
 */
const CAPABILITY_PERMISSION = {
  'keys.read': Permission.ProvidersRead,
  'keys.manage': Permission.ProvidersManage,
  'teams.create': Permission.TeamsManage,
  'teams.manage': Permission.TeamsManage,
  'budgets.manage': Permission.BudgetsManage,
  'tokens.read': Permission.TokensRead,
  'tokens.manage': Permission.TokensManage,
  'members.manage': Permission.MembersManage,
  'pricing.manage': Permission.PricingManage,
  'routes.read': Permission.RoutesRead,
  'routes.manage': Permission.RoutesManage,
  'settings.read': Permission.SettingsRead,
  'settings.manage': Permission.SettingsManage,
  'users.read': Permission.UsersRead,
  'users.manage': Permission.UsersManage,
  'apiKeys.manage': Permission.ApiKeysManage,
  'audit.read': Permission.AuditRead,
  'requestBodies.read': Permission.RequestBodiesRead,
  'notifications.read': Permission.NotificationsRead,
  'notifications.manage': Permission.NotificationsManage,
  // Usage grouped by key shows keys: the API refuses it to the roles that may not read them.
  'usage.byKey': Permission.ProvidersRead,
} as const satisfies Record<string, Permission>;

export type Capability = keyof typeof CAPABILITY_PERMISSION;

/** Capabilities that team-scoped roles hold only inside teams they administer. */
const TEAM_SCOPED: ReadonlySet<Capability> = new Set(['tokens.manage', 'members.manage']);

export function isTeamScoped(viewer: Viewer): boolean {
  return viewer.role === 'team_admin' || viewer.role === 'member';
}

export function teamRoleOf(viewer: Viewer, teamId: string): TeamRole | null {
  if (viewer.kind !== 'user') return null;
  return viewer.teams.find((team) => team.teamId === teamId)?.role ?? null;
}

/** Whether the viewer may do this at all; for team-scoped roles pass the team to check that team too. */
export function can(viewer: Viewer, capability: Capability, teamId?: string): boolean {
  if (!roleAllows(viewer.role, CAPABILITY_PERMISSION[capability])) return false;
  if (!isTeamScoped(viewer) || !TEAM_SCOPED.has(capability)) return true;
  if (teamId === undefined)
    return viewer.kind === 'user' && viewer.teams.some((t) => t.role === 'team_admin');
  return teamRoleOf(viewer, teamId) === 'team_admin';
}

export function viewerLabel(viewer: Viewer): string {
  return viewer.kind === 'user' ? viewer.email : viewer.name;
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  auditor: 'Auditor',
  team_admin: 'Team admin',
  member: 'Member',
};
