import { createHmac, hkdfSync } from 'node:crypto';
import { type MasterKey, parseMasterKey, SecretBox, type SealedSecret } from '@switchyard/crypto';

export interface SealedProviderKey extends SealedSecret {
  secretDigest: string;
}

const VERSION_LABEL = 'switchyard master key version';
const DIGEST_INFO = 'switchyard provider key digest';

/**
 * A master key's version is derived from the key itself: the first 31 bits of an HMAC of a fixed label. No counter
 * has to be kept in step between replicas, the settings table and the rotation command, and any key in the ring
 * finds exactly the rows it sealed. Two distinct keys sharing a version (odds of 2^-31) are refused at start.
 */
export function masterKeyVersion(key: Buffer): number {
  const id = createHmac('sha256', key).update(VERSION_LABEL).digest().readUInt32BE(0) & 0x7fffffff;
  return id === 0 ? 1 : id;
}

export class MasterKeyRingError extends Error {}

/**
 * Seals provider secrets under the current master key and opens rows sealed under any key of the ring. Also gives
 * each secret a keyed digest (HMAC under a key derived from the master key) so duplicates are found without
 * decrypting, and without a plain hash that a stolen database would let anyone brute-force.
 */
export class ProviderKeyCipher {
  private readonly box: SecretBox;
  private readonly digestKeys: Buffer[];

  private constructor(current: MasterKey, previous: MasterKey[]) {
    this.box = new SecretBox(current, previous);
    this.digestKeys = [current, ...previous].map((k) =>
      Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), DIGEST_INFO, 32)),
    );
  }

  static fromBase64(current: string | undefined, previous: readonly string[] = []): ProviderKeyCipher {
    if (!current) throw new MasterKeyRingError('SWITCHYARD_MASTER_KEY is not set');
    const keys = [current, ...previous].map((base64, index) => {
      try {
        const key = parseMasterKey(base64).key;
        return { version: masterKeyVersion(key), key };
      } catch (error) {
        const variable = index === 0 ? 'SWITCHYARD_MASTER_KEY' : 'SWITCHYARD_PREVIOUS_MASTER_KEYS';
        throw new MasterKeyRingError(`${variable} ${(error as Error).message}`);
      }
    });
    const [currentKey, ...rest] = keys as [MasterKey, ...MasterKey[]];
    const byVersion = new Map<number, Buffer>([[currentKey.version, currentKey.key]]);
    const previousKeys: MasterKey[] = [];
    for (const key of rest) {
      const known = byVersion.get(key.version);
      if (known?.equals(key.key)) continue;
      if (known)
        throw new MasterKeyRingError('two different master keys share a version; replace one of them');
      byVersion.set(key.version, key.key);
      previousKeys.push(key);
    }
    return new ProviderKeyCipher(currentKey, previousKeys);
  }

  get currentVersion(): number {
    return this.box.currentVersion;
  }

  seal(secret: string): SealedProviderKey {
    return { ...this.box.seal(secret), secretDigest: this.digest(secret) };
  }

  /** Throws SecretDecryptionError when the row's master key is not in the ring or the row was tampered with. */
  open(sealed: SealedSecret): string {
    return this.box.open(sealed);
  }

  digest(secret: string): string {
    return this.digestUnder(this.digestKeys[0]!, secret);
  }

  /** The secret's digest under every key of the ring: rows not yet re-encrypted still carry an older one. */
  digestsUnderEveryKey(secret: string): string[] {
    return this.digestKeys.map((key) => this.digestUnder(key, secret));
  }

  private digestUnder(key: Buffer, secret: string): string {
    return createHmac('sha256', key).update(secret, 'utf8').digest('hex');
  }
}
