import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type MasterKey } from './master-keys.js';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

export interface SealedSecret {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  keyVersion: number;
}

export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptionError';
  }
}

/**
 * Encrypts and decrypts secrets under versioned master keys. New secrets use the current key; old rows stay
 * readable under any key still in the ring until they are re-encrypted.
 */
export class SecretBox {
  private readonly keysByVersion: Map<number, Buffer>;

  constructor(
    private readonly current: MasterKey,
    previous: MasterKey[] = [],
  ) {
    this.keysByVersion = new Map([...previous, current].map((k) => [k.version, k.key]));
  }

  get currentVersion(): number {
    return this.current.version;
  }

  seal(plaintext: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext, iv, tag: cipher.getAuthTag(), keyVersion: this.current.version };
  }

  open(sealed: SealedSecret): string {
    const key = this.keysByVersion.get(sealed.keyVersion);
    if (!key) throw new SecretDecryptionError(`no master key of version ${sealed.keyVersion} is loaded`);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, sealed.iv);
      decipher.setAuthTag(sealed.tag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError('the secret does not authenticate under its master key');
    }
  }
}
