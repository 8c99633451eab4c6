import { type Role } from '../../database/generated/enums.js';

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  teams: { teamId: string; role: string }[];
  createdAt: string;
  disabled: boolean;
  deleted: boolean;
  /** Linked to an identity at the single sign-on provider. */
  sso: boolean;
  /** Has a password, so can sign in without single sign-on. */
  hasPassword: boolean;
}

/** What the API shows of a user: never the password hash. */
export function toUserView(user: {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
  deletedAt: Date | null;
  oidcSubject: string | null;
  passwordHash: string | null;
  memberships: { teamId: string; role: string }[];
}): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    teams: user.memberships.map((m) => ({ teamId: m.teamId, role: m.role })),
    createdAt: user.createdAt.toISOString(),
    disabled: user.disabledAt !== null,
    deleted: user.deletedAt !== null,
    sso: user.oidcSubject !== null,
    hasPassword: user.passwordHash !== null,
  };
}
