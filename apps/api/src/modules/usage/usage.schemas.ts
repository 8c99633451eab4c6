import { USAGE_GROUPS } from '@switchyard/contracts';
import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../../common/paging/cursor.js';

const DAY_MS = 86_400_000;

export const usageQuerySchema = z
  .object({
    groupBy: z.enum(USAGE_GROUPS, { message: `must be one of ${USAGE_GROUPS.join(', ')}` }).default('day'),
    from: z.coerce.date({ message: 'must be an ISO date' }).optional(),
    to: z.coerce.date({ message: 'must be an ISO date' }).optional(),
    teamId: z.uuid('must be a UUID').optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
  })
  .transform((query) => {
    const to = query.to ?? new Date(Date.now() + 60_000);
    const from = query.from ?? new Date(to.getTime() - 30 * DAY_MS);
    return { ...query, from, to };
  })
  .refine((query) => query.from < query.to, { message: 'must be before to', path: ['from'] });

export type UsageQuery = z.infer<typeof usageQuerySchema>;
