import { z } from 'zod';
import { ROLES } from '@switchyard/contracts';
import { newPasswordSchema } from '../auth/password-policy.js';

const role = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });

export const createUserSchema = z.strictObject({
  email: z.email('must be an email address').max(320),
  password: newPasswordSchema,
  role,
  name: z.string().trim().min(1).max(200).optional(),
});

export type CreateUserBody = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    role: role.optional(),
    name: z.string().trim().min(1).max(200).nullable().optional(),
    disabled: z.boolean({ message: 'must be true or false' }).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'name at least one of role, name, disabled' });

export type UpdateUserBody = z.infer<typeof updateUserSchema>;

export const resetPasswordSchema = z.strictObject({ password: newPasswordSchema });

export type ResetPasswordBody = z.infer<typeof resetPasswordSchema>;
