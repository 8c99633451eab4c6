/** Kept apart from session.ts so the proxy can use it without pulling in next/headers. */
export const SESSION_COOKIE = 'sy_session';
