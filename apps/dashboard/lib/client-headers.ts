import { headers } from 'next/headers';

/**
 * The browser's address and user agent, passed on to the API on sign-in calls: the API limits failed sign-ins per
 * address and shows each session's client, which would otherwise all be this server. The API believes
 * X-Forwarded-For only from proxies it trusts (loopback by default, see SWITCHYARD_TRUSTED_PROXIES).
 */
export async function clientHeaders(): Promise<Record<string, string>> {
  const incoming = await headers();
  const forwarded: Record<string, string> = {};
  const forwardedFor = incoming.get('x-forwarded-for');
  const userAgent = incoming.get('user-agent');
  if (forwardedFor) forwarded['x-forwarded-for'] = forwardedFor;
  if (userAgent) forwarded['user-agent'] = userAgent.slice(0, 512);
  return forwarded;
}
