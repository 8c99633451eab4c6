import { Inject, Injectable } from '@nestjs/common';
import type * as client from 'openid-client';
import { APP_CONFIG, type AppConfig, type OidcConfig } from '../../config/app-config.js';
import { loadOpenIdClient, openIdClientIfLoaded } from './openid-client.loader.js';
import { SsoErrorCode, SsoException } from './sso.exception.js';

/** Seconds any one call to the identity provider may take. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * The identity provider as `openid-client` sees it: discovered once, when first needed, and again after a
 * failed discovery, so a provider that was down at start does not need a restart. ID token signatures are
 * checked against the provider's published keys (`enableNonRepudiationChecks`), not only trusted because they
 * came over TLS.
 */
@Injectable()
export class OidcClient {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get settings(): OidcConfig {
    if (!this.config.oidc)
      throw new SsoException(SsoErrorCode.NotConfigured, 'Single sign-on is not configured on this gateway');
    return this.config.oidc;
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}/auth/callback`;
  }

  async discovered(): Promise<client.Configuration> {
    this.configuration ??= this.discover();
    try {
      return await this.configuration;
    } catch (error) {
      this.configuration = undefined;
      throw new SsoException(
        SsoErrorCode.Unavailable,
        `The identity provider at ${this.settings.issuer} could not be reached: ${describe(error)}`,
      );
    }
  }

  private async discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const client = await loadOpenIdClient();
    const insecure = new URL(issuer).protocol === 'http:';
    const configuration = await client.discovery(
      new URL(issuer),
      clientId,
      { redirect_uris: [this.redirectUri], response_types: ['code'] },
      client.ClientSecretBasic(clientSecret),
      {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // The schema allows plain http only for a provider on this machine.
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      },
    );
    client.enableNonRepudiationChecks(configuration);
    configuration.timeout = PROVIDER_TIMEOUT_SECONDS;
    return configuration;
  }
}

export function describe(error: unknown): string {
  const client = openIdClientIfLoaded();
  if (client && error instanceof client.AuthorizationResponseError)
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  if (client && error instanceof client.ResponseBodyError)
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
