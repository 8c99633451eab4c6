import { pageSchema, usageRowSchema, type UsageGroup } from '@switchyard/contracts';
import type { z } from 'zod';
import { apiRequestAsUser } from './api';
import { hrefWith } from './url';

/** A usage row with its group key, whichever field the grouping puts it in, as `group`. */
const namedRowSchema = usageRowSchema.transform(({ teamId, tokenId, keyId, model, day, user, ...rest }) => ({
  ...rest,
  group: teamId ?? tokenId ?? keyId ?? model ?? day ?? user ?? null,
}));
const usagePageSchema = pageSchema(namedRowSchema);
export type UsageRow = z.infer<typeof namedRowSchema>;

export interface UsageQuery {
  groupBy: UsageGroup;
  from: Date;
  to: Date;
  teamId?: string;
  cursor?: string;
  limit?: number;
}

export function usagePath(query: UsageQuery, path = '/admin/usage'): string {
  return hrefWith(path, {
    groupBy: query.groupBy,
    from: query.from.toISOString(),
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
