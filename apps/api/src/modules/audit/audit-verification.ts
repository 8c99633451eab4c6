import { type AuditVerification } from '@switchyard/contracts';
import { type AuditEvent } from '../../database/generated/client.js';
import { type AuditContent, chainHash, GENESIS_HASH, legacyChainHash } from './audit-hash.js';
import { type Checkpoint } from './audit-checkpoints.js';

/** The fields of a stored row that its hash covers. */
export function contentOf(row: AuditEvent): AuditContent {
  return {
    at: row.at,
    actorType: row.actorType,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    before: row.before,
    after: row.after,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
  };
}

/**
 * Walks the chain row by row. Keyed rows must carry the HMAC of one of the audit keys; rows from before the chain
 * was keyed may only come first. At the end, the newest checkpoint must name a row that is still there.
 */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private keyedSeen = false;
  private checked = 0;
  private checkpointMatched = false;
  private broken: { seq: string; reason: string } | undefined;

  constructor(
    private readonly keys: Buffer[],
    private readonly checkpoint: Checkpoint | undefined,
  ) {}

  /** False once a row is found broken: nothing after it needs reading. */
  accept(row: AuditEvent): boolean {
    this.checked += 1;
    const content = contentOf(row);
    const linked = row.prevHash === this.prevHash;
    const signed = row.keyed
      ? this.keys.some((key) => chainHash(key, this.prevHash, content) === row.hash)
      : !this.keyedSeen && legacyChainHash(this.prevHash, content) === row.hash;
    if (!linked || !signed) {
      this.broken = {
        seq: row.seq.toString(),
        reason: linked ? 'hash does not match' : 'not linked to the row before',
      };
      return false;
    }
    this.keyedSeen ||= row.keyed;
    if (this.checkpoint && row.seq.toString() === this.checkpoint.seq)
      this.checkpointMatched = row.hash === this.checkpoint.hash && this.checked === this.checkpoint.count;
    this.prevHash = row.hash;
    return true;
  }

  result(): AuditVerification {
    const checkpoint = this.checkpoint
      ? { seq: this.checkpoint.seq, at: this.checkpoint.at, matches: this.checkpointMatched }
      : null;
    if (this.broken)
      return {
        ok: false,
        checked: this.checked,
        brokenAt: this.broken.seq,
        reason: this.broken.reason,
        checkpoint,
      };
    if (checkpoint && !checkpoint.matches)
      return {
        ok: false,
        checked: this.checked,
        brokenAt: checkpoint.seq,
        reason: 'the table no longer holds the chain the newest checkpoint recorded',
        checkpoint,
      };
    return { ok: true, checked: this.checked, checkpoint };
  }
}
