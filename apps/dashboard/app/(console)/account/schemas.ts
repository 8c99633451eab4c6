import { z } from 'zod';
import { newPassword } from '../settings/schemas';

export const ownPasswordForm = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
    newPassword,
    confirmPassword: z.string(),
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    message: 'The two new passwords differ.',
    path: ['confirmPassword'],
  });

export const sessionIdForm = z.object({ id: z.uuid('This session id is not valid.') });
