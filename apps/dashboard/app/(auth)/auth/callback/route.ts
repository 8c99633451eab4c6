import { type NextResponse, type NextRequest } from 'next/server';
import { apiRequest } from '@/lib/api';
import { ApiError } from '@/lib/api-errors';
import { clientHeaders } from '@/lib/client-headers';
import { sessionSchema } from '@switchyard/contracts';
import { writeSessionToken } from '@/lib/session';
import { SSO_COOKIE } from '@/lib/session-cookie';
import { redirectTo, SSO_REFUSALS } from '@/lib/sso';

/**
 * Where the identity provider sends the browser back (`${SWITCHYARD_PUBLIC_URL}/auth/callback`). The API checks
 * the answer against the transaction this browser kept and, when the person may use Switchyard, starts a session.
 */
export async function GET(request: NextRequest): Promise<NextResponse> {
  const transaction = request.cookies.get(SSO_COOKIE)?.value;
  const to = (path: string) => {
    const response = redirectTo(path);
    response.cookies.delete({ name: SSO_COOKIE, path: '/auth' });
    return response;
  };
  if (!transaction) return to('/login?sso=sso_expired');
  try {
    const session = await apiRequest('/admin/auth/sso/callback', sessionSchema, {
      method: 'POST',
      body: { query: request.nextUrl.search, transaction },
      headers: await clientHeaders(),
    });
    await writeSessionToken(session.accessToken);
    return to('/');
  } catch (error) {
    if (!(error instanceof ApiError)) return to('/login?sso=unreachable');
    const code = error.code ?? 'sso_failed';
    return to(
      code in SSO_REFUSALS ? `/auth/refused?reason=${code}` : `/login?sso=${encodeURIComponent(code)}`,
    );
  }
}
