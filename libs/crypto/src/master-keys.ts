export const MASTER_KEY_BYTES = 32;

/** A master key with the version stamped on every row it encrypts, so keys can be rotated row by row. */
export interface MasterKey {
  version: number;
  key: Buffer;
}

export class InvalidMasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMasterKeyError';
  }
}

/** Parses a base64 master key; anything but exactly 32 bytes is refused. */
export function parseMasterKey(base64: string, version = 1): MasterKey {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new InvalidMasterKeyError('must be base64');
  }
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new InvalidMasterKeyError(`must decode to ${MASTER_KEY_BYTES} bytes, got ${key.length}`);
  }
  return { version, key };
}
