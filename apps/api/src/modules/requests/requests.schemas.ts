import { REQUEST_STATUSES } from '@switchyard/contracts';
import { z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';
import { userFilter } from '../usage/usage.schemas.js';

export const requestListQuerySchema = pageQuerySchema
  .extend({
    teamId: z.uuid('must be a UUID').optional(),
    tokenId: z.uuid('must be a UUID').optional(),
    user: userFilter.optional(),
    model: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(300, 'must be at most 300 characters')
      .optional(),
    keyId: z.uuid('must be a UUID').optional(),
    status: z.enum(REQUEST_STATUSES, { message: `must be one of ${REQUEST_STATUSES.join(', ')}` }).optional(),
    from: z.coerce.date({ message: 'must be an ISO date' }).optional(),
    to: z.coerce.date({ message: 'must be an ISO date' }).optional(),
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, {
    message: 'must be before to',
    path: ['from'],
  });

export type RequestListQuery = z.infer<typeof requestListQuerySchema>;

/** The gateway's request ids (UUIDs), and the `#n` suffix a duplicate recorded before ids were unique got. */
export const requestIdSchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(#\d{1,19})?$/i,
    'must be a request id, as in the x-request-id header',
  );
