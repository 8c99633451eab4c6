/** Roles, from most to least privileged. `team_admin` and `member` only ever see their own teams. */
export const ROLES = ['owner', 'admin', 'auditor', 'team_admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** A member's role inside one team. */
export const TEAM_ROLES = ['team_admin', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
