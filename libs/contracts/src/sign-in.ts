import { z } from 'zod';
import { pageSchema } from './page.js';

/**
 * GET /admin/auth/setup, asked without credentials: whether the install has no user yet, for the sign-in page's
 * guide to creating the first owner.
 */
export const setupStatusSchema = z.object({ needsOwner: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatusSchema>;

/** GET /admin/auth/sso: whether single sign-on is offered. */
export const ssoStatusSchema = z.object({
  enabled: z.boolean(),
  /** Password sign-in is for owners only. */
  passwordLoginOwnersOnly: z.boolean(),
  redirectUri: z.string().nullable(),
});
export type SsoStatus = z.infer<typeof ssoStatusSchema>;

/**
 * POST /admin/auth/sso/start: where to send the browser, and the sealed transaction for the caller to keep with
 * that browser and hand back with the callback.
 */
export const ssoStartSchema = z.object({
  authorizationUrl: z.url(),
  transaction: z.string().min(1),
  expiresIn: z.number(),
});
export type SsoStart = z.infer<typeof ssoStartSchema>;

/** GET /admin/auth/sessions: one of the caller's live console sessions. */
export const consoleSessionSchema = z.object({
  id: z.string(),
  method: z.enum(['password', 'sso']),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request was made with. */
  current: z.boolean(),
});
export const consoleSessionPageSchema = pageSchema(consoleSessionSchema);
export type ConsoleSession = z.infer<typeof consoleSessionSchema>;

/** DELETE /admin/auth/sessions/:id. */
export const sessionEndedSchema = z.object({ id: z.string(), ended: z.literal(true) });
export type SessionEnded = z.infer<typeof sessionEndedSchema>;

/** POST /admin/auth/password: the caller's other sessions ended; the one that made the change goes on. */
export const passwordChangeSchema = z.object({ ok: z.literal(true), endedSessions: z.number() });
export type PasswordChange = z.infer<typeof passwordChangeSchema>;
