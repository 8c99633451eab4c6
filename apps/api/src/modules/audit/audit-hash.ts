import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a hash covers: everything recorded except the sequence number and the hashes themselves. */
export interface AuditContent {
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

const canonicalContent = (content: AuditContent) =>
  canonicalJson({ ...content, at: content.at.toISOString() });

/**
 * A link of the chain: an HMAC under the audit key, which lives outside the database, so someone who can rewrite
 * rows cannot compute the hashes that would make the rewrite pass.
 */
export function chainHash(key: Buffer, prevHash: string, content: AuditContent): string {
  return createHmac('sha256', key).update(prevHash).update(canonicalContent(content)).digest('hex');
}

/** How rows written before the chain was keyed were linked; they may only precede every keyed row. */
export function legacyChainHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update(canonicalContent(content)).digest('hex');
}
