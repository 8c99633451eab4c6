import { hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '@switchyard/crypto';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** How long a person has between "Sign in with SSO" and coming back from the identity provider. */
export const SSO_TRANSACTION_TTL_MS = 10 * 60 * 1000;

const transactionSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  expiresAt: z.number(),
});

export type SsoTransaction = z.infer<typeof transactionSchema>;

/**
 * The secrets of one sign-in (state, nonce, PKCE verifier), sealed with a key derived from the master key. The
 * dashboard keeps the sealed value in a short-lived cookie of the browser that started the sign-in, so the
 * callback is only accepted from that browser, and any replica can finish what another started.
 */
@Injectable()
export class SsoTransactions {
  private readonly box: SecretBox;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.masterKey) throw new Error('the master key must be resolved before the app is built');
    const key = Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(config.masterKey, 'base64'),
        Buffer.alloc(0),
        'switchyard sso transactions',
        32,
      ),
    );
    this.box = new SecretBox({ version: 1, key });
  }

  seal(transaction: SsoTransaction): string {
    const sealed = this.box.seal(JSON.stringify(transaction));
    return [sealed.iv, sealed.tag, sealed.ciphertext].map((part) => part.toString('base64url')).join('.');
  }

  /** The transaction, or undefined when the value was not sealed here, was altered, or has expired. */
  open(value: string, now = Date.now()): SsoTransaction | undefined {
    const [iv, tag, ciphertext, ...rest] = value.split('.');
    if (!iv || !tag || !ciphertext || rest.length > 0) return undefined;
    try {
      const plain = this.box.open({
        iv: Buffer.from(iv, 'base64url'),
        tag: Buffer.from(tag, 'base64url'),
        ciphertext: Buffer.from(ciphertext, 'base64url'),
        keyVersion: 1,
      });
      const transaction = transactionSchema.parse(JSON.parse(plain));
      return transaction.expiresAt > now ? transaction : undefined;
    } catch {
      return undefined;
    }
  }
}
