import { pageSchema, usageRowSchema, type UsageGroup } from '@switchyard/contracts';
import type { z } from 'zod';
import { apiRequestAsUser } from './api';
import { hrefWith } from './url';

/**
 * A usage row with its group key, whichever field a one-dimension grouping puts it in, also as `group`; rows of
 * several dimensions keep each in its own field.
 */
const namedRowSchema = usageRowSchema.transform((row) => ({
  ...row,
  group: row.teamId ?? row.tokenId ?? row.keyId ?? row.model ?? row.day ?? row.user ?? null,
}));
const usagePageSchema = pageSchema(namedRowSchema);
export type UsageRow = z.infer<typeof namedRowSchema>;

export interface UsageQuery {
  /** One dimension, or up to three. */
  groupBy: UsageGroup | readonly UsageGroup[];
  user?: string;
  from: Date;
  to: Date;
  teamId?: string;
  cursor?: string;
  limit?: number;
}

export function usagePath(query: UsageQuery, path = '/admin/usage'): string {
  return hrefWith(path, {
    groupBy: [query.groupBy].flat().join(','),
    from: query.from.toISOString(),
    user: query.user,
    to: query.to.toISOString(),
    teamId: query.teamId,
    cursor: query.cursor,
    limit: query.limit,
  });
}

/** One page of usage rows; the API caps a page at 200 groups. */
export function readUsage(query: UsageQuery) {
  return apiRequestAsUser(usagePath({ limit: 200, ...query }), usagePageSchema);
}
