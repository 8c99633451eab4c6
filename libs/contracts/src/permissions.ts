import { type Role } from './roles.js';

/** Everything the admin API can be asked to do. Every admin route, and /metrics, declares exactly one. */
export const Permission = {
  Self: 'self',
  UsersRead: 'users.read',
  UsersManage: 'users.manage',
  ApiKeysManage: 'api_keys.manage',
  TeamsRead: 'teams.read',
  TeamsManage: 'teams.manage',
  MembersManage: 'members.manage',
  BudgetsManage: 'budgets.manage',
  SpendRead: 'spend.read',
  TokensRead: 'tokens.read',
  TokensManage: 'tokens.manage',
  ProvidersRead: 'providers.read',
  ProvidersManage: 'providers.manage',
  PricingRead: 'pricing.read',
  PricingManage: 'pricing.manage',
  RoutesRead: 'routes.read',
  RoutesManage: 'routes.manage',
  SettingsRead: 'settings.read',
  SettingsManage: 'settings.manage',
  UsageRead: 'usage.read',
  AuditRead: 'audit.read',
  /** Reading the logged bodies of /v1 requests: every read is audited. */
  RequestBodiesRead: 'request_bodies.read',
  KeyStateRead: 'key_state.read',
  NotificationsRead: 'notifications.read',
  NotificationsManage: 'notifications.manage',
  /** Scraping /metrics with an admin API key (SWITCHYARD_METRICS_TOKEN is the other way in). */
  MetricsRead: 'metrics.read',
} as const;

export type Permission = (typeof Permission)[keyof typeof Permission];

const EVERYTHING: readonly Permission[] = Object.values(Permission);

const READ_ONLY: readonly Permission[] = [
  Permission.Self,
  Permission.UsersRead,
  Permission.TeamsRead,
  Permission.SpendRead,
  Permission.TokensRead,
  Permission.ProvidersRead,
  Permission.PricingRead,
  Permission.RoutesRead,
  Permission.SettingsRead,
  Permission.UsageRead,
  Permission.AuditRead,
  Permission.RequestBodiesRead,
  Permission.KeyStateRead,
  Permission.NotificationsRead,
  Permission.MetricsRead,
];

/**
 * What each role may do: the API enforces it on every route, and the dashboard shows only what it allows.
 * `team_admin` and `member` permissions hold only inside their own teams; the API checks the team on every call.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  owner: new Set(EVERYTHING),
  admin: new Set(EVERYTHING),
  auditor: new Set(READ_ONLY),
  team_admin: new Set([
    Permission.Self,
    Permission.TeamsRead,
    Permission.MembersManage,
    Permission.SpendRead,
    Permission.TokensRead,
    Permission.TokensManage,
    Permission.UsageRead,
    Permission.PricingRead,
  ]),
  member: new Set([
    Permission.Self,
    Permission.TeamsRead,
    Permission.SpendRead,
    Permission.UsageRead,
    Permission.PricingRead,
  ]),
};

export const roleAllows = (role: Role, permission: Permission): boolean =>
  ROLE_PERMISSIONS[role].has(permission);
