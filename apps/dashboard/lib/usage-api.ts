import { apiRequestAsUser } from './api';
import { usagePageSchema, type UsageGroup } from './schemas/usage';
import { hrefWith } from './url';

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
