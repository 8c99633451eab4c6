/** Kept apart from session.ts so the proxy can use it without pulling in next/headers. */
export const SESSION_COOKIE = 'sy_session';

/** Holds one single sign-on attempt's sealed transaction between leaving for the provider and coming back. */
export const SSO_COOKIE = 'sy_sso';
