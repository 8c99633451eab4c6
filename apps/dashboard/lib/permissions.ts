import type { Role } from '@switchyard/contracts';
import type { TeamRole, Viewer } from './schemas/viewer';

/**
 * What the console may offer, mirroring the API's role table. The API decides on every call; this only keeps
 * controls that would be refused off the screen.
 */
export type Capability =
  | 'keys.read'
  | 'keys.manage'
  | 'teams.create'
  | 'teams.manage'
  | 'budgets.manage'
  | 'tokens.read'
  | 'tokens.manage'
  | 'members.manage'
  | 'pricing.manage'
  | 'routes.read'
  | 'routes.manage'
  | 'settings.read'
  | 'settings.manage'
  | 'users.read'
  | 'users.manage'
  | 'apiKeys.manage'
  | 'audit.read'
  | 'usage.byKey';

const ORGANISATION_READ: readonly Capability[] = [
  'keys.read',
  'tokens.read',
  'routes.read',
  'settings.read',
  'users.read',
  'audit.read',
  'usage.byKey',
];

const ROLE_CAPABILITIES: Record<Role, ReadonlySet<Capability>> = {
  owner: new Set<Capability>([
    ...ORGANISATION_READ,
    'keys.manage',
    'teams.create',
    'teams.manage',
    'budgets.manage',
    'tokens.manage',
    'members.manage',
    'pricing.manage',
    'routes.manage',
    'settings.manage',
    'users.manage',
    'apiKeys.manage',
  ]),
  admin: new Set<Capability>([
    ...ORGANISATION_READ,
    'keys.manage',
    'teams.create',
    'teams.manage',
    'budgets.manage',
    'tokens.manage',
    'members.manage',
    'pricing.manage',
    'routes.manage',
    'settings.manage',
    'users.manage',
    'apiKeys.manage',
  ]),
  auditor: new Set<Capability>(ORGANISATION_READ),
  team_admin: new Set<Capability>(['tokens.read', 'tokens.manage', 'members.manage']),
  member: new Set<Capability>([]),
};

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
  if (!ROLE_CAPABILITIES[viewer.role].has(capability)) return false;
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
