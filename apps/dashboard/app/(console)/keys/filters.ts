import { z } from 'zod';
import { firstParam, type SearchParams } from '@/lib/url';
import { KEY_TIERS } from '@switchyard/contracts';

export const STORED_KEY_STATUSES = ['active', 'disabled', 'auth_failed'] as const;

export interface KeyFilters {
  provider?: string;
  tier?: (typeof KEY_TIERS)[number];
  status?: (typeof STORED_KEY_STATUSES)[number];
  cursor?: string;
}

const providerName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/);

/** Filters from the URL; anything malformed is ignored rather than sent to the API. */
export function parseKeyFilters(params: SearchParams): KeyFilters {
  const pick = <T>(schema: z.ZodType<T>, name: string): T | undefined => {
    const parsed = schema.safeParse(firstParam(params, name));
    return parsed.success ? parsed.data : undefined;
  };
  return {
    provider: pick(providerName, 'provider'),
    tier: pick(z.enum(KEY_TIERS), 'tier'),
    status: pick(z.enum(STORED_KEY_STATUSES), 'status'),
    cursor: pick(z.string().min(1).max(512), 'cursor'),
  };
}
