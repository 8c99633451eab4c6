import { hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

const derive = (base64Key: string, purpose: string) =>
  Buffer.from(hkdfSync('sha256', Buffer.from(base64Key, 'base64'), Buffer.alloc(0), purpose, 32));

/**
 * The secrets of the audit trail, kept out of the database: SWITCHYARD_AUDIT_KEY, or else a key derived from the
 * master key. During a master-key rotation the keys derived from the previous master keys still verify the rows
 * they signed; setting SWITCHYARD_AUDIT_KEY keeps the chain independent of master-key rotations altogether.
 */
@Injectable()
export class AuditKeys {
  /** Signs new rows. */
  readonly chain: Buffer;
  /** Every key a stored row may be signed with, the current one first. */
  readonly chainCandidates: Buffer[];
  /** Signs new checkpoints. */
  readonly checkpoint: Buffer;
  /** Every key a checkpoint may be signed with, the current one first. */
  readonly checkpointCandidates: Buffer[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.masterKey) throw new Error('the master key must be resolved before the app is built');
    const roots = config.auditKey ? [config.auditKey] : [config.masterKey, ...config.previousMasterKeys];
    this.chainCandidates = roots.map((root) => derive(root, 'switchyard audit chain'));
    this.chain = this.chainCandidates[0]!;
    this.checkpointCandidates = roots.map((root) => derive(root, 'switchyard audit checkpoints'));
    this.checkpoint = this.checkpointCandidates[0]!;
  }
}
