import { SecretDecryptionError } from '@switchyard/crypto';
import { type ProviderKeyCipher, type SealedProviderKey } from './provider-key-cipher.js';
import { type ResealBatch, type StoredSecret } from './provider-keys.repository.js';

/** A table of secrets sealed under the master key ring: provider keys, notification channel secrets. */
export interface SealedSecretRows {
  countUnderVersion(version: number): Promise<number>;
  /** Re-seals up to `size` rows not under `currentVersion` after `afterId`, in one transaction. */
  resealBatch(
    afterId: string | undefined,
    size: number,
    currentVersion: number,
    reseal: (row: StoredSecret) => SealedProviderKey | null,
  ): Promise<ResealBatch>;
}

export interface RotationReport {
  /** The version rows carry once re-encrypted: derived from SWITCHYARD_MASTER_KEY. */
  currentVersion: number;
  reencrypted: number;
  /** Rows that were already under the current key before this run. */
  alreadyCurrent: number;
  /** Rows under a master key that is not in the ring; left as they are. */
  unreadable: string[];
}

/**
 * Re-encrypts every row, deleted ones included, under the current master key, one batch per transaction. Running it
 * again finds nothing left to do.
 */
export async function rotateSealedSecrets(
  repository: SealedSecretRows,
  cipher: ProviderKeyCipher,
  options: { batchSize?: number; onBatch?: (done: number) => void } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 200;
  const alreadyCurrent = await repository.countUnderVersion(cipher.currentVersion);
  const report: RotationReport = {
    currentVersion: cipher.currentVersion,
    reencrypted: 0,
    alreadyCurrent,
    unreadable: [],
  };
  let afterId: string | undefined;
  for (;;) {
    const batch = await repository.resealBatch(afterId, batchSize, cipher.currentVersion, (row) => {
      let secret: string;
      try {
        secret = cipher.open({
          ciphertext: Buffer.from(row.ciphertext),
          iv: Buffer.from(row.iv),
          tag: Buffer.from(row.tag),
          keyVersion: row.keyVersion,
        });
      } catch (error) {
        if (error instanceof SecretDecryptionError) return null;
        throw error;
      }
      return cipher.seal(secret);
    });
    report.reencrypted += batch.resealed;
    report.unreadable.push(...batch.unreadable);
    if (batch.resealed > 0) options.onBatch?.(report.reencrypted);
    if (batch.scanned < batchSize) return report;
    afterId = batch.lastId;
  }
}
