import { MAX_USER_LENGTH, parseUsageGroups } from '@switchyard/contracts';
import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../../common/paging/cursor.js';

const DAY_MS = 86_400_000;

/** A `?user=` filter: a name as requests give it, so never longer than they can. */
export const userFilter = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_USER_LENGTH, `must be at most ${MAX_USER_LENGTH} characters`);

/** `team`, or up to three dimensions as a comma list (`key,model,day`). */
const groupBy = z
  .string()
  .max(100)
  .default('day')
  .transform((value, context) => {
    const groups = parseUsageGroups(value);
    if (Array.isArray(groups)) return groups;
    context.addIssue({ code: 'custom', message: groups.problem });
    return z.NEVER;
  });

export const usageQuerySchema = z
  .object({
    groupBy,
    from: z.coerce.date({ message: 'must be an ISO date' }).optional(),
    to: z.coerce.date({ message: 'must be an ISO date' }).optional(),
    teamId: z.uuid('must be a UUID').optional(),
    user: userFilter.optional(),
    // A page may end on a user's name: up to 200 characters of up to 4 bytes each, three times over.
    cursor: z.string().max(4096).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
  })
  .transform((query) => {
    const to = query.to ?? new Date(Date.now() + 60_000);
    const from = query.from ?? new Date(to.getTime() - 30 * DAY_MS);
    return { ...query, from, to };
  })
  .refine((query) => query.from < query.to, { message: 'must be before to', path: ['from'] });

export type UsageQuery = z.infer<typeof usageQuerySchema>;
