import { z } from 'zod';
import { pageSchema } from './page';

export const auditEventSchema = z.object({
  seq: z.string(),
  at: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  action: z.string(),
  target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export const auditPageSchema = pageSchema(auditEventSchema);
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  brokenAt: z.string().optional(),
  reason: z.string().optional(),
});
export type AuditVerification = z.infer<typeof auditVerifySchema>;
