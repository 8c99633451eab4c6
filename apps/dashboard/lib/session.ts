import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { SESSION_COOKIE } from './session-cookie';

export { SESSION_COOKIE };

export async function readSessionToken(): Promise<string | null> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  return value ? value : null;
}

/** For pages and actions that need a signed-in user; the API still verifies the token on every call. */
export async function requireSessionToken(): Promise<string> {
  const token = await readSessionToken();
  if (!token) redirect('/login');
  return token;
}

/** Only callable from a server action or route handler: cookies cannot be set once rendering has started. */
export async function writeSessionToken(accessToken: string): Promise<void> {
  const requestHeaders = await headers();
  (await cookies()).set(SESSION_COOKIE, accessToken, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttpsRequest(requestHeaders),
    path: '/',
    expires: tokenExpiry(accessToken) ?? undefined,
  });
}

export async function clearSessionToken(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}

/**
 * TLS usually ends at a reverse proxy in front of the dashboard, so the scheme comes from
 * X-Forwarded-Proto or, failing that, from the browser's Origin header on the action's POST.
 */
export function isHttpsRequest(requestHeaders: Pick<Headers, 'get'>): boolean {
  const forwardedProto = requestHeaders.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwardedProto === 'https') return true;
  return requestHeaders.get('origin')?.toLowerCase().startsWith('https://') ?? false;
}

/**
 * When the access token is a JWT, the cookie expires with it so the browser stops sending a token
 * the API would reject. The signature is not checked here: the API does that on every request.
 * Any other token format gives a browser-session cookie.
 */
export function tokenExpiry(accessToken: string): Date | null {
  const payload = accessToken.split('.')[1];
  if (accessToken.split('.').length !== 3 || !payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null || !('exp' in claims)) return null;
    const exp = claims.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000) : null;
  } catch {
    return null;
  }
}
