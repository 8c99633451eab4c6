import { z } from 'zod';
import { firstParam, type SearchParams } from '@/lib/url';

export interface TokenFilters {
  teamId?: string;
  includeRevoked: boolean;
  cursor?: string;
}

export function parseTokenFilters(params: SearchParams): TokenFilters {
  const teamId = z.uuid().safeParse(firstParam(params, 'teamId'));
  const cursor = z.string().min(1).max(512).safeParse(firstParam(params, 'cursor'));
  return {
    teamId: teamId.success ? teamId.data : undefined,
    includeRevoked: firstParam(params, 'includeRevoked') === 'true',
    cursor: cursor.success ? cursor.data : undefined,
  };
}
