import { type OidcConfig } from '../../config/app-config.js';
import { rank, type TeamGrant } from '../../config/oidc-maps.js';
import { type Role } from '../../database/generated/enums.js';

export interface MappedClaims {
  /** The highest organisation role any of the user's groups maps to; undefined when none does. */
  role: Role | undefined;
  /** Team name → role, the higher role when several groups name one team. */
  teams: Map<string, TeamGrant['role']>;
  /** The groups the claim held, as read. */
  groups: string[];
}

/** A claim by name, or by a dotted path into nested claims (`realm_access.roles`). */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The user's groups: a list of strings, or one string. */
export function groupsOf(claims: Record<string, unknown>, roleClaim: string): string[] {
  const value = claimAt(claims, roleClaim);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

export function mapClaims(claims: Record<string, unknown>, oidc: OidcConfig): MappedClaims {
  const groups = groupsOf(claims, oidc.roleClaim);
  let role: Role | undefined;
  const teams = new Map<string, TeamGrant['role']>();
  for (const group of groups) {
    const mapped = oidc.roleMap.get(group);
    if (mapped && (!role || rank(mapped) > rank(role))) role = mapped;
    for (const grant of oidc.teamMap.get(group) ?? []) {
      if (teams.get(grant.team) !== 'team_admin') teams.set(grant.team, grant.role);
    }
  }
  return { role, teams, groups };
}

/** Every team name the team map governs: memberships of these are re-evaluated at each sign-in. */
export const governedTeams = (oidc: OidcConfig) => [
  ...new Set([...oidc.teamMap.values()].flat().map((grant) => grant.team)),
];
