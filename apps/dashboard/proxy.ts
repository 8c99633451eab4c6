import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from './lib/session-cookie';

/**
 * Sends visitors without a session cookie to the sign-in page before any console route renders,
 * so new console pages are covered without each remembering to check. Pages still call
 * requireSessionToken, and the API verifies the token itself.
 */
export function proxy(request: NextRequest): NextResponse {
  if (request.cookies.get(SESSION_COOKIE)?.value) return NextResponse.next();
  return NextResponse.redirect(new URL('/login', request.url));
}

export const config = {
  matcher: ['/((?!login|auth/|api/|_next/|favicon\\.ico|icon\\.svg|robots\\.txt).*)'],
};
