import { z } from 'zod';
import { newPasswordSchema } from './password-policy.js';

export const loginSchema = z.strictObject({
  email: z.email('must be an email address').max(320),
  password: z.string().min(1, 'is required').max(1024),
});

export type LoginBody = z.infer<typeof loginSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(1024),
  newPassword: newPasswordSchema,
});

export type ChangePasswordBody = z.infer<typeof changePasswordSchema>;
