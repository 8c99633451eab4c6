import { ssoStatusSchema, type SsoStatus } from '@switchyard/contracts';
import { NextResponse } from 'next/server';
import { apiRequest } from './api';

/** Whether the API offers single sign-on; an API that cannot be asked offers none. */
export async function ssoStatus(): Promise<SsoStatus> {
  try {
    return await apiRequest('/admin/auth/sso', ssoStatusSchema, { timeoutMs: 3000 });
  } catch {
    return { enabled: false, passwordLoginOwnersOnly: false, redirectUri: null };
  }
}

/**
 * A redirect within the dashboard by path alone. Behind a proxy, or started on 127.0.0.1, the URL the server
 * sees may name another host than the browser used, and the session cookie belongs to the browser's host.
 */
export function redirectTo(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location: path } });
}

/** What a refused single sign-on means to the person refused, by the API's error code. */
export const SSO_REFUSALS: Record<string, { title: string; body: string }> = {
  sso_no_role: {
    title: 'Your account has no access to Switchyard',
    body: 'You signed in at your identity provider, but none of your groups there grants a role in Switchyard, so no account was created for you. Ask the person who runs Switchyard to add you to a group that does.',
  },
  account_disabled: {
    title: 'Your Switchyard account is disabled',
    body: 'An administrator has disabled your account. Ask them to enable it if you still need access.',
  },
  sso_no_email: {
    title: 'Your identity provider sent no email address',
    body: 'Switchyard names accounts by email address, and your identity provider did not send one. Ask the person who runs Switchyard to include the email scope.',
  },
  sso_identity_conflict: {
    title: 'This email address belongs to another identity',
    body: 'A Switchyard account with your email address is already linked to a different identity at the identity provider. An administrator must resolve it.',
  },
};

/** Sign-in page notices for single sign-on attempts that failed rather than were refused. */
export const SSO_FAILURES: Record<string, string> = {
  sso_unavailable:
    'Single sign-on is unavailable: the identity provider could not be reached. Try again shortly.',
  sso_expired: 'That single sign-on attempt expired or was started in another browser. Start it again.',
  sso_failed:
    'Single sign-on did not complete. Start it again; if it keeps failing, ask the person who runs Switchyard.',
  unreachable: 'The Switchyard API could not be reached. Try again shortly.',
};
