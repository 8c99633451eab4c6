import { z } from 'zod';
import { ROLES } from '@switchyard/contracts';

export const createUserSchema = z.strictObject({
  email: z.email('must be an email address').max(320),
  password: z.string().min(12, 'must be at least 12 characters').max(1024, 'must be at most 1024 characters'),
  role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
  name: z.string().trim().min(1).max(200).optional(),
});

export type CreateUserBody = z.infer<typeof createUserSchema>;
