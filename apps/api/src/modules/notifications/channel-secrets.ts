import { Injectable } from '@nestjs/common';
import { SecretDecryptionError, type SealedSecret } from '@switchyard/crypto';
import { ProviderKeyCipher } from '../provider-keys/provider-key-cipher.js';
import { type ChannelRow } from './notifications.repository.js';

/** Channel signing secrets, sealed under the master key ring exactly as provider keys are. */
@Injectable()
export class ChannelSecrets {
  constructor(private readonly cipher: ProviderKeyCipher) {}

  seal(secret: string): SealedSecret {
    const { ciphertext, iv, tag, keyVersion } = this.cipher.seal(secret);
    return { ciphertext, iv, tag, keyVersion };
  }

  /** The channel's secret; null when it has none, undefined when no loaded master key opens it. */
  open(
    row: Pick<ChannelRow, 'secretCiphertext' | 'secretIv' | 'secretTag' | 'secretKeyVersion'>,
  ): string | null | undefined {
    if (!row.secretCiphertext || !row.secretIv || !row.secretTag || row.secretKeyVersion === null)
      return null;
    try {
      return this.cipher.open({
        ciphertext: Buffer.from(row.secretCiphertext),
        iv: Buffer.from(row.secretIv),
        tag: Buffer.from(row.secretTag),
        keyVersion: row.secretKeyVersion,
      });
    } catch (error) {
      if (error instanceof SecretDecryptionError) return undefined;
      throw error;
    }
  }
}
