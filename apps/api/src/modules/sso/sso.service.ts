import { Inject, Injectable } from '@nestjs/common';
import { type Session, type SsoStart, type SsoStatus } from '@switchyard/contracts';
import type * as client from 'openid-client';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { type RequestOrigin } from '../auth/auth-context.js';
import { AuthService, contextOfUser } from '../auth/auth.service.js';
import { describe, OidcClient } from './oidc-client.js';
import { loadOpenIdClient, openIdClientIfLoaded } from './openid-client.loader.js';
import { groupsOf } from './sso-claims.js';
import { type IdentityClaims, SsoAccounts } from './sso-accounts.js';
import { SSO_TRANSACTION_TTL_MS, SsoTransactions } from './sso-transactions.js';
import { type SsoCallbackBody } from './sso.schemas.js';
import { SsoErrorCode, SsoException } from './sso.exception.js';

/** Errors the identity provider answered with, as opposed to not answering at all. */
function answeredByProvider(error: unknown): boolean {
  const client = openIdClientIfLoaded();
  if (
    client &&
    (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError)
  )
    return true;
  return error instanceof Error && 'code' in error && /^OAUTH_/.test(String(error.code));
}

/**
 * Single sign-on with OpenID Connect: authorization code with PKCE, state and nonce checked, the ID token
 * verified against the provider's keys. The dashboard starts a sign-in and hands the callback back here; the
 * gateway holds the client secret and makes the session.
 */
@Injectable()
export class SsoService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcClient,
    private readonly transactions: SsoTransactions,
    private readonly accounts: SsoAccounts,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  status(): SsoStatus {
    return {
      enabled: this.config.oidc !== undefined,
      passwordLoginOwnersOnly: this.config.oidcOnly,
      redirectUri: this.config.oidc ? this.oidc.redirectUri : null,
    };
  }

  async start(): Promise<SsoStart> {
    const configuration = await this.oidc.discovered();
    const client = await loadOpenIdClient();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizationUrl = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.oidc.redirectUri,
      scope: this.oidc.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return {
      authorizationUrl: authorizationUrl.href,
      transaction: this.transactions.seal({
        state,
        nonce,
        codeVerifier,
        expiresAt: Date.now() + SSO_TRANSACTION_TTL_MS,
      }),
      expiresIn: SSO_TRANSACTION_TTL_MS / 1000,
    };
  }

  async callback(body: SsoCallbackBody, origin: RequestOrigin): Promise<Session> {
    const transaction = this.transactions.open(body.transaction);
    if (!transaction)
      throw new SsoException(
        SsoErrorCode.Expired,
        'This sign-in was not started here or took too long; start it again',
        'transaction',
      );
    const configuration = await this.oidc.discovered();
    const client = await loadOpenIdClient();
    const callbackUrl = new URL(this.oidc.redirectUri);
    callbackUrl.search = body.query.startsWith('?') ? body.query.slice(1) : body.query;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      await this.audit.record({ kind: 'anonymous', label: null, ...origin }, 'auth.sso.failed', null, {
        after: { reason: describe(error).slice(0, 300) },
      });
      if (answeredByProvider(error))
        throw new SsoException(SsoErrorCode.Failed, `Single sign-on failed: ${describe(error)}`);
      throw new SsoException(
        SsoErrorCode.Unavailable,
        `The identity provider could not be reached: ${describe(error)}`,
      );
    }
    const claims = await this.claimsOf(configuration, tokens);
    const user = await this.accounts.signIn(
      configuration.serverMetadata().issuer,
      claims,
      this.oidc.settings,
      origin,
    );
    const auth = contextOfUser(user, origin);
    await this.audit.record(
      auth,
      'auth.login.succeeded',
      { type: 'user', id: user.id },
      { after: { method: 'sso' } },
    );
    return this.auth.startSession(auth, 'sso');
  }

  /** The ID token's claims, with the groups from the userinfo endpoint when the token does not carry them. */
  private async claimsOf(
    configuration: client.Configuration,
    tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>,
  ): Promise<IdentityClaims> {
    const idClaims = tokens.claims();
    if (!idClaims) throw new SsoException(SsoErrorCode.Failed, 'The identity provider sent no ID token');
    const claims: IdentityClaims = { ...idClaims, sub: idClaims.sub };
    if (
      groupsOf(claims, this.oidc.settings.roleClaim).length > 0 ||
      !configuration.serverMetadata().userinfo_endpoint
    )
      return claims;
    try {
      const client = await loadOpenIdClient();
      const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      return { ...userInfo, ...claims };
    } catch (error) {
      throw new SsoException(
        SsoErrorCode.Failed,
        `Single sign-on failed reading your profile: ${describe(error)}`,
      );
    }
  }
}
