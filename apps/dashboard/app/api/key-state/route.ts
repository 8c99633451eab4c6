import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { ApiError } from '@/lib/api-errors';
import { describeError } from '@/lib/describe-error';
import { readKeyStates } from '@/lib/key-states';
import { readSessionToken } from '@/lib/session';

export const dynamic = 'force-dynamic';

const idsSchema = z
  .string()
  .max(200 * 37)
  .transform((value) => value.split(',').filter(Boolean))
  .pipe(z.array(z.uuid()).max(200));

/**
 * What the Keys page polls: the live state of the keys on screen. The browser never holds the session token;
 * this handler adds it on the way to the API.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const noStore = { 'cache-control': 'no-store' };
  const token = await readSessionToken();
  if (!token) return Response.json({ error: 'Your session has ended.' }, { status: 401, headers: noStore });

  const ids = idsSchema.safeParse(request.nextUrl.searchParams.get('ids') ?? '');
  if (!ids.success) {
    return Response.json(
      { error: 'ids must be a comma-separated list of key ids.' },
      { status: 400, headers: noStore },
    );
  }
  try {
    const items = await readKeyStates(token, new Set(ids.data));
    return Response.json({ items, serverTime: Date.now() }, { headers: noStore });
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 502;
    return Response.json({ error: describeError(error) }, { status, headers: noStore });
  }
}
