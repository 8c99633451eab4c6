import { z } from 'zod';
import { pageSchema } from './page.js';

/** One entry of the append-only, hash-chained audit log; secrets are redacted from `before` and `after`. */
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

/**
 * GET /admin/audit/verify: the first row that does not fit the chain, if any, and whether the table still holds
 * the chain the newest signed checkpoint recorded.
 */
export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  /** The first row that does not fit, or the checkpoint's row when rows it recorded are gone. */
  brokenAt: z.string().optional(),
  reason: z.string().optional(),
  /** The newest signed checkpoint that could be read; null when there is none. */
  checkpoint: z.object({ seq: z.string(), at: z.string(), matches: z.boolean() }).nullable(),
});
export type AuditVerification = z.infer<typeof auditVerifySchema>;
