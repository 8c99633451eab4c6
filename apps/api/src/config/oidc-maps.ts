import { ROLES } from '@switchyard/contracts';
import { type Role } from '../database/generated/enums.js';

export type TeamRole = 'team_admin' | 'member';

export interface TeamGrant {
  team: string;
  role: TeamRole;
}

/**
 * `group=value,group=value`, or a JSON object of the same pairs for group names holding `,` or `=` (LDAP
 * distinguished names, say); a JSON value may be a list to give one group several values. Returns the pairs,
 * or a problem naming what is wrong.
 */
function pairsOf(raw: string): { pairs: [string, string][] } | { problem: string } {
  const text = raw.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { problem: 'is not valid JSON' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { problem: 'must be a JSON object of group → value' };
    const pairs: [string, string][] = [];
    for (const [group, value] of Object.entries(parsed)) {
      for (const item of [value].flat()) {
        if (typeof item !== 'string') return { problem: `must map "${group}" to a string` };
        pairs.push([group, item]);
      }
    }
    return { pairs };
  }
  const pairs: [string, string][] = [];
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf('=');
    if (at <= 0 || at === entry.length - 1) return { problem: `has "${entry}", which is not group=value` };
    pairs.push([entry.slice(0, at).trim(), entry.slice(at + 1).trim()]);
  }
  return { pairs };
}

/** SWITCHYARD_OIDC_ROLE_MAP: group → organisation role. */
export function parseRoleMap(raw: string): { map: Map<string, Role> } | { problem: string } {
  const parsed = pairsOf(raw);
  if ('problem' in parsed) return parsed;
  const map = new Map<string, Role>();
  for (const [group, role] of parsed.pairs) {
    if (!(ROLES as readonly string[]).includes(role))
      return { problem: `maps "${group}" to "${role}", which is not one of ${ROLES.join(', ')}` };
    const current = map.get(group);
    map.set(group, current && rank(current) > rank(role as Role) ? current : (role as Role));
  }
  return { map };
}

/** SWITCHYARD_OIDC_TEAM_MAP: group → `team:role` (role `team_admin` or `member`, `member` when left out). */
export function parseTeamMap(raw: string): { map: Map<string, TeamGrant[]> } | { problem: string } {
  const parsed = pairsOf(raw);
  if ('problem' in parsed) return parsed;
  const map = new Map<string, TeamGrant[]>();
  for (const [group, value] of parsed.pairs) {
    const at = value.lastIndexOf(':');
    const team = (at > 0 ? value.slice(0, at) : value).trim();
    const role = at > 0 ? value.slice(at + 1).trim() : 'member';
    if (!team) return { problem: `maps "${group}" to no team name` };
    if (role !== 'team_admin' && role !== 'member')
      return { problem: `maps "${group}" to team role "${role}"; it must be team_admin or member` };
    map.set(group, [...(map.get(group) ?? []), { team, role }]);
  }
  return { map };
}

const ROLE_RANK: Record<Role, number> = { member: 0, team_admin: 1, auditor: 2, admin: 3, owner: 4 };

export const rank = (role: Role) => ROLE_RANK[role];
