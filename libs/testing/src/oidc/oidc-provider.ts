import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** One person at the test identity provider: the claims it asserts about them. */
export interface OidcAccount {
  email: string;
  name?: string;
  emailVerified?: boolean;
  groups: string[];
}

export interface OidcProviderOptions {
  /** Where the relying party (the dashboard) receives the code: `${publicUrl}/auth/callback`. */
  redirectUri: string;
  /** People who may sign in, by the login they type (their subject). */
  accounts: Record<string, OidcAccount>;
  clientId?: string;
  clientSecret?: string;
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds or changes a person while the provider runs (moving them between groups, say). */
  setAccount(login: string, account: OidcAccount): void;
  /**
   * Plays the browser through the provider's sign-in: opens the authorization URL, signs in as `login` on the
   * provider's own login form, and returns the URL the provider redirects back to (the callback with the code).
   */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (`oidc-provider`) on loopback, for tests: one confidential client that must use
 * PKCE, groups asserted in the `profile` scope, and its development sign-in form, which takes any login and
 * password. Consent is granted without asking, as for a first-party client.
 */
export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcTestProvider> {
  const accounts = new Map(Object.entries(options.accounts));
  const clientId = options.clientId ?? 'switchyard-test';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('hex');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups'],
    },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    jwks: { keys: [signingKey()] },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx: KoaContextWithOIDC, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          name: account.name,
          groups: account.groups,
        }),
      };
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider: oidc } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return oidc.Grant.find(existing);
      const grant = new oidc.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  // The dev interactions complain at start; they are exactly what a test wants.
  provider.on('server_error', () => undefined);
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    setAccount: (login, account) => void accounts.set(login, account),
    signIn: (authorizationUrl, login) => playSignIn(authorizationUrl, login, options.redirectUri),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A fresh RS256 key per provider, so no two test providers sign alike. */
function signingKey(): JsonWebKey & { kid: string; use: string; alg: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
    alg: 'RS256',
  };
}

async function playSignIn(authorizationUrl: string, login: string, redirectUri: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const request = async (url: URL, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return response;
  };

  let url = new URL(authorizationUrl);
  for (let step = 0; step < 10; step += 1) {
    if (url.href.startsWith(redirectUri)) return url;
    const response = await request(url);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url);
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!action || !page.includes('name="login"'))
      throw new Error(`the identity provider answered ${response.status} without a sign-in form`);
    const submitted = await request(new URL(action.replace(/&amp;/g, '&'), url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
    });
    const next = submitted.headers.get('location');
    if (!next) throw new Error(`the identity provider's sign-in form answered ${submitted.status}`);
    url = new URL(next, url);
  }
  throw new Error('the identity provider never redirected back');
}
