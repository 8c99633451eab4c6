import { ROLES } from '@switchyard/contracts';
import { z } from 'zod';

export const roleSchema = z.enum(ROLES);
export const teamRoleSchema = z.enum(['team_admin', 'member']);

/** GET /admin/auth/me: a signed-in user, or an admin API key calling on its own behalf. */
export const viewerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: roleSchema,
    teams: z.array(z.object({ teamId: z.string(), role: teamRoleSchema })),
    hasPassword: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('api_key'), id: z.string(), name: z.string(), role: roleSchema }),
]);

export type Viewer = z.infer<typeof viewerSchema>;
export type TeamRole = z.infer<typeof teamRoleSchema>;

/** `GET /admin/auth/setup`: whether the install has no user yet, for the sign-in page's first-owner guide. */
export const setupSchema = z.object({ needsOwner: z.boolean() });
