import { type Role } from '../../database/generated/enums.js';

/** Everything the control plane can be asked to do. Every admin route declares exactly one. */
export enum Permission {
  Self = 'self',
  UsersRead = 'users.read',
  UsersManage = 'users.manage',
  ApiKeysManage = 'api_keys.manage',
  TeamsRead = 'teams.read',
  TeamsManage = 'teams.manage',
  MembersManage = 'members.manage',
  BudgetsManage = 'budgets.manage',
  SpendRead = 'spend.read',
  TokensRead = 'tokens.read',
  TokensManage = 'tokens.manage',
  ProvidersRead = 'providers.read',
  ProvidersManage = 'providers.manage',
  PricingRead = 'pricing.read',
  PricingManage = 'pricing.manage',
  RoutesRead = 'routes.read',
  RoutesManage = 'routes.manage',
  SettingsRead = 'settings.read',
  SettingsManage = 'settings.manage',
  UsageRead = 'usage.read',
  AuditRead = 'audit.read',
  KeyStateRead = 'key_state.read',
}

const READ_ONLY: Permission[] = [
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
  Permission.KeyStateRead,
];

/**
 * What each role may do. `team_admin` and `member` permissions hold only inside their own teams; the
 * services check the team on every call.
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(Object.values(Permission)),
  admin: new Set(Object.values(Permission)),
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

export const roleAllows = (role: Role, permission: Permission) => ROLE_PERMISSIONS[role].has(permission);
