import { z } from 'zod';
import { pageSchema } from './page.js';
import { ROLES, TEAM_ROLES } from './roles.js';

export const roleSchema = z.enum(ROLES);
export const teamRoleSchema = z.enum(TEAM_ROLES);

/** A person who signs in to the dashboard or the admin API; never their password hash. */
export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  teams: z.array(z.object({ teamId: z.string(), role: teamRoleSchema })),
  createdAt: z.string(),
  disabled: z.boolean(),
  /** Deleted users keep their row, so their history still names them. */
  deleted: z.boolean(),
  /** Linked to an identity at the single sign-on provider. */
  sso: z.boolean(),
  /** Has a password, so can sign in without single sign-on. */
  hasPassword: z.boolean(),
});
export const userPageSchema = pageSchema(userSchema);
export type User = z.infer<typeof userSchema>;

/** POST /admin/users/:id/password: an admin set the user's password, which ended every session of theirs. */
export const passwordResetSchema = z.object({ id: z.string(), endedSessions: z.number() });
export type PasswordReset = z.infer<typeof passwordResetSchema>;

/** POST /admin/auth/login. */
export const sessionSchema = z.object({
  accessToken: z.string().min(1),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number(),
  user: userSchema,
});
export type Session = z.infer<typeof sessionSchema>;

/** GET /admin/auth/me: a signed-in user, or an admin API key calling on its own behalf. */
export const viewerSchema = z.discriminatedUnion('kind', [
  userSchema.extend({ kind: z.literal('user') }),
  z.object({ kind: z.literal('api_key'), id: z.string(), name: z.string(), role: roleSchema }),
]);
export type Viewer = z.infer<typeof viewerSchema>;
