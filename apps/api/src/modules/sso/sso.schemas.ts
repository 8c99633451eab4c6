import { z } from 'zod';

export const ssoCallbackSchema = z.strictObject({
  /** The query string the identity provider redirected the browser back with (`?code=…&state=…`). */
  query: z.string().max(8192, 'must be at most 8192 characters'),
  /** What `POST /admin/auth/sso/start` answered as `transaction`, kept by the browser that started. */
  transaction: z.string().min(1, 'is required').max(4096, 'must be at most 4096 characters'),
});

export type SsoCallbackBody = z.infer<typeof ssoCallbackSchema>;
