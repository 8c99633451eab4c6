import { z } from 'zod';
import { addUtcDays, isIsoDay } from '@/lib/dates';
import { firstParam, type SearchParams } from '@/lib/url';

export interface AuditFilters {
  actor?: string;
  action?: string;
  targetType?: string;
  /** Inclusive UTC days. */
  from?: string;
  to?: string;
  cursor?: string;
}

const text = (max: number) => z.string().trim().min(1).max(max);

export function parseAuditFilters(params: SearchParams): AuditFilters {
  const pick = (name: keyof AuditFilters, schema: z.ZodType<string>) => {
    const parsed = schema.safeParse(firstParam(params, name));
    return parsed.success ? parsed.data : undefined;
  };
  const day = z.string().refine(isIsoDay);
  return {
    actor: pick('actor', text(320)),
    action: pick('action', text(100)),
    targetType: pick('targetType', text(100)),
    from: pick('from', day),
    to: pick('to', day),
    cursor: pick('cursor', text(512)),
  };
}

/** The API's query: days become instants, the end day included. */
export function auditApiQuery(filters: AuditFilters) {
  return {
    actor: filters.actor,
    action: filters.action,
    targetType: filters.targetType,
    from: filters.from ? `${filters.from}T00:00:00.000Z` : undefined,
    to: filters.to ? addUtcDays(new Date(`${filters.to}T00:00:00Z`), 1).toISOString() : undefined,
    cursor: filters.cursor,
  };
}
