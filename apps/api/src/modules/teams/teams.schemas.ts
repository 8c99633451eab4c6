import { z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';

export const TEAM_ROLES = ['team_admin', 'member'] as const;

const teamName = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

const logBodies = z.boolean({ error: 'must be true or false' });

export const createTeamSchema = z.strictObject({ name: teamName, logBodies: logBodies.optional() });

export const updateTeamSchema = z
  .strictObject({ name: teamName.optional(), logBodies: logBodies.optional() })
  .refine((body) => body.name !== undefined || body.logBodies !== undefined, {
    message: 'must change at least one of name, logBodies',
  });

export const upsertMemberSchema = z.strictObject({
  userId: z.uuid('must be a UUID'),
  // Only team roles exist here, so nobody can be made more than a team_admin through a team.
  role: z.enum(TEAM_ROLES, { message: `must be one of ${TEAM_ROLES.join(', ')}` }),
});

export const teamListQuerySchema = pageQuerySchema;

export type CreateTeamBody = z.infer<typeof createTeamSchema>;
export type UpdateTeamBody = z.infer<typeof updateTeamSchema>;
export type UpsertMemberBody = z.infer<typeof upsertMemberSchema>;
export type TeamListQuery = z.infer<typeof teamListQuerySchema>;
