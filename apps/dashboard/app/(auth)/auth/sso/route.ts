import { NextResponse, type NextRequest } from 'next/server';
import { apiRequest } from '@/lib/api';
import { ApiError } from '@/lib/api-errors';
import { clientHeaders } from '@/lib/client-headers';
import { isHttpsRequest } from '@/lib/session';
import { SSO_COOKIE } from '@/lib/session-cookie';
import { ssoStartSchema } from '@switchyard/contracts';
import { redirectTo } from '@/lib/sso';

/** "Sign in with SSO": the API prepares the attempt, this browser keeps its sealed transaction, off to the provider. */
export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    const started = await apiRequest('/admin/auth/sso/start', ssoStartSchema, {
      method: 'POST',
      headers: await clientHeaders(),
    });
    const response = NextResponse.redirect(started.authorizationUrl, 303);
    response.cookies.set(SSO_COOKIE, started.transaction, {
      httpOnly: true,
      // Lax: the provider sends the browser back with a top-level GET, which carries it.
      sameSite: 'lax',
      secure: isHttpsRequest(request.headers),
      path: '/auth',
      maxAge: started.expiresIn,
    });
    return response;
  } catch (error) {
    const code = error instanceof ApiError ? (error.code ?? 'sso_failed') : 'unreachable';
    return redirectTo(`/login?sso=${encodeURIComponent(code)}`);
  }
}
