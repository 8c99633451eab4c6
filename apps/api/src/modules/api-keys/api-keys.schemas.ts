import { z } from 'zod';
import { ROLES } from '@switchyard/contracts';

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
  expiresAt: z.coerce.date({ message: 'must be an ISO date' }).optional(),
});

export type CreateApiKeyBody = z.infer<typeof createApiKeySchema>;
