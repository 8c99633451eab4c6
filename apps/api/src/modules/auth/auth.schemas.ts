import { z } from 'zod';

export const loginSchema = z.strictObject({
  email: z.email('must be an email address').max(320),
  password: z.string().min(1, 'is required').max(1024),
});

export type LoginBody = z.infer<typeof loginSchema>;
