import { z } from 'zod';
import { addUtcDays, isIsoDay } from '@/lib/dates';
import { firstParam, type SearchParams } from '@/lib/url';
import { REQUEST_STATUSES, type RequestStatus } from '@switchyard/contracts';

export interface RequestFilters {
  teamId?: string;
  tokenId?: string;
  user?: string;
  model?: string;
  keyId?: string;
  status?: RequestStatus;
  /** Inclusive UTC days. */
  from?: string;
  to?: string;
  cursor?: string;
}

const text = (max: number) => z.string().trim().min(1).max(max);

/** Filters from the URL; a value the API would refuse is left out. */
export function parseRequestFilters(params: SearchParams): RequestFilters {
  const pick = <T>(name: keyof RequestFilters, schema: z.ZodType<T>) => {
    const parsed = schema.safeParse(firstParam(params, name));
    return parsed.success ? parsed.data : undefined;
  };
  const day = z.string().refine(isIsoDay);
  return {
    teamId: pick('teamId', z.uuid()),
    tokenId: pick('tokenId', z.uuid()),
    user: pick('user', text(200)),
    model: pick('model', text(300)),
    keyId: pick('keyId', z.uuid()),
    status: pick('status', z.enum(REQUEST_STATUSES)),
    from: pick('from', day),
    to: pick('to', day),
    cursor: pick('cursor', text(512)),
  };
}

/** The API's query: days become instants, the end day included. */
export function requestsApiQuery(filters: RequestFilters) {
  return {
    ...filters,
    from: filters.from ? `${filters.from}T00:00:00.000Z` : undefined,
    to: filters.to ? addUtcDays(new Date(`${filters.to}T00:00:00Z`), 1).toISOString() : undefined,
  };
}
