import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { parseUsageGroups } from '@switchyard/contracts';
import { toApiError } from '@/lib/api-errors';
import { apiBaseUrl } from '@/lib/config';
import { describeError } from '@/lib/describe-error';
import { readSessionToken } from '@/lib/session';
import { hrefWith } from '@/lib/url';

export const dynamic = 'force-dynamic';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const querySchema = z.object({
  groupBy: z
    .string()
    .max(100)
    .default('day')
    .refine((value) => Array.isArray(parseUsageGroups(value))),
  user: z.string().trim().min(1).max(200).optional(),
  from: day.optional(),
  to: day.optional(),
  teamId: z.uuid().optional(),
});

/**
 * The Usage page's CSV export: the API's /admin/usage.csv with the session added, streamed through unchanged.
 * Dates are UTC days with the end day included, as on the page.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const token = await readSessionToken();
  if (!token) return new Response('Your session has ended; sign in again.\n', { status: 401 });
  const parsed = querySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) return new Response('The export link is malformed.\n', { status: 400 });
  const { groupBy, user, from, to, teamId } = parsed.data;
  const endExclusive = to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  const path = hrefWith('/admin/usage.csv', {
    groupBy,
    from: from ? `${from}T00:00:00.000Z` : undefined,
    to: endExclusive,
    teamId,
    user,
  });

  let upstream: Response;
  try {
    upstream = await fetch(`${apiBaseUrl()}${path}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
      cache: 'no-store',
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    return new Response(`${describeError(error)}\n`, { status: 502 });
  }
  if (!upstream.ok) {
    const error = await toApiError(upstream);
    return new Response(`${describeError(error)}\n`, { status: error.status });
  }
  const filename = `switchyard-usage-by-${groupBy.replaceAll(',', '-')}${from ? `-${from}` : ''}${to ? `-to-${to}` : ''}.csv`;
  return new Response(upstream.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
