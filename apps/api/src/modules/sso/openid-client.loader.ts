import type * as OpenIdClient from 'openid-client';

export type OpenIdClientLibrary = typeof OpenIdClient;

let loaded: OpenIdClientLibrary | undefined;

/**
 * openid-client, with oauth4webapi and jose, is loaded by the first single sign-on, not at start: most gateways
 * configure none.
 */
export async function loadOpenIdClient(): Promise<OpenIdClientLibrary> {
  return (loaded ??= await import('openid-client'));
}

/** The library once something has loaded it: only then can an error be one of its classes. */
export const openIdClientIfLoaded = (): OpenIdClientLibrary | undefined => loaded;
