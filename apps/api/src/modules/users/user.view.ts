import { type User } from '@switchyard/contracts';
import { type Role, type TeamRole } from '../../database/generated/enums.js';

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
  memberships: { teamId: string; role: TeamRole }[];
}): User {
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
  } satisfies User;
}
