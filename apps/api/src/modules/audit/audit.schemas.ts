import { z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';

export const auditQuerySchema = pageQuerySchema.extend({
  actor: z.string().max(320).optional(),
  action: z.string().max(100).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(200).optional(),
  from: z.coerce.date({ message: 'must be an ISO date' }).optional(),
  to: z.coerce.date({ message: 'must be an ISO date' }).optional(),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;
