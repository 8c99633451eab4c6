import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SecretBox, SecretDecryptionError } from './envelope.js';
import { InvalidMasterKeyError, parseMasterKey } from './master-keys.js';

const keyOf = (version: number) => parseMasterKey(randomBytes(32).toString('base64'), version);

describe('SecretBox', () => {
  it('round-trips a secret and never stores the plaintext', () => {
    const box = new SecretBox(keyOf(1));
    const sealed = box.seal('sk-live-abcdef123456');
    expect(sealed.ciphertext.toString('utf8')).not.toContain('sk-live');
    expect(sealed.keyVersion).toBe(1);
    expect(box.open(sealed)).toBe('sk-live-abcdef123456');
  });

  it('uses a fresh IV for every secret', () => {
    const box = new SecretBox(keyOf(1));
    expect(box.seal('same').iv.equals(box.seal('same').iv)).toBe(false);
  });

  it('reads rows sealed under a previous master key after rotation', () => {
    const old = keyOf(1);
    const sealed = new SecretBox(old).seal('secret');
    const rotated = new SecretBox(keyOf(2), [old]);
    expect(rotated.open(sealed)).toBe('secret');
    expect(rotated.seal('secret').keyVersion).toBe(2);
  });

  it('refuses a tampered ciphertext', () => {
    const box = new SecretBox(keyOf(1));
    const sealed = box.seal('secret');
    sealed.ciphertext[0] = (sealed.ciphertext[0] ?? 0) ^ 1;
    expect(() => box.open(sealed)).toThrow(SecretDecryptionError);
  });

  it('refuses a row whose master key is not loaded', () => {
    const sealed = new SecretBox(keyOf(1)).seal('secret');
    expect(() => new SecretBox(keyOf(2)).open(sealed)).toThrow(/version 1/);
  });
});

describe('parseMasterKey', () => {
  it('rejects keys of the wrong length or alphabet', () => {
    expect(() => parseMasterKey(randomBytes(16).toString('base64'))).toThrow(InvalidMasterKeyError);
    expect(() => parseMasterKey('not base64 !!')).toThrow(/base64/);
  });
});
