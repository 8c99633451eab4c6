import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SecretDecryptionError } from '@switchyard/crypto';
import { masterKeyVersion, MasterKeyRingError, ProviderKeyCipher } from './provider-key-cipher.js';

const newKey = () => randomBytes(32).toString('base64');

describe('ProviderKeyCipher', () => {
  it('derives a stable, positive 31-bit version from each key', () => {
    const key = randomBytes(32);
    expect(masterKeyVersion(key)).toBe(masterKeyVersion(Buffer.from(key)));
    expect(masterKeyVersion(key)).toBeGreaterThan(0);
    expect(masterKeyVersion(key)).toBeLessThanOrEqual(0x7fffffff);
    expect(masterKeyVersion(randomBytes(32))).not.toBe(masterKeyVersion(key));
  });

  it('seals under the current key and opens rows sealed under a previous one', () => {
    const [a, b] = [newKey(), newKey()];
    const sealedUnderA = ProviderKeyCipher.fromBase64(a).seal('sk-secret-value');
    const rotated = ProviderKeyCipher.fromBase64(b, [a]);
    expect(rotated.open(sealedUnderA)).toBe('sk-secret-value');
    expect(rotated.seal('sk-secret-value').keyVersion).toBe(rotated.currentVersion);
    expect(sealedUnderA.keyVersion).not.toBe(rotated.currentVersion);
    expect(() => ProviderKeyCipher.fromBase64(b).open(sealedUnderA)).toThrow(SecretDecryptionError);
  });

  it('gives keyed digests: equal for one secret under one key, different across keys and secrets', () => {
    const [a, b] = [newKey(), newKey()];
    const cipherA = ProviderKeyCipher.fromBase64(a);
    const rotated = ProviderKeyCipher.fromBase64(b, [a]);
    expect(cipherA.digest('sk-1')).toBe(cipherA.seal('sk-1').secretDigest);
    expect(cipherA.digest('sk-1')).not.toBe(cipherA.digest('sk-2'));
    expect(rotated.digest('sk-1')).not.toBe(cipherA.digest('sk-1'));
    expect(rotated.digestsUnderEveryKey('sk-1')).toEqual([rotated.digest('sk-1'), cipherA.digest('sk-1')]);
    expect(cipherA.digest('sk-1')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores a previous key repeated or equal to the current one', () => {
    const a = newKey();
    expect(ProviderKeyCipher.fromBase64(a, [a, a]).digestsUnderEveryKey('x')).toHaveLength(1);
  });

  it('refuses a missing or malformed key without echoing it', () => {
    expect(() => ProviderKeyCipher.fromBase64(undefined)).toThrow(MasterKeyRingError);
    expect(() => ProviderKeyCipher.fromBase64(newKey(), ['c2hvcnQ='])).toThrow(
      'SWITCHYARD_PREVIOUS_MASTER_KEYS must decode to 32 bytes, got 5',
    );
  });
});
