import { Injectable } from '@nestjs/common';
import { UsageRepository } from '../usage/usage.repository.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';

/** Where a stored Responses answer lives: the key that created it (stored responses belong to its project). */
export interface StoredResponseOrigin {
  teamId: string;
  keyId: string;
  provider: string;
  model: string;
}

/** The answers relayed here in the last moments, before their usage rows reach the database. */
const RECENT_CAPACITY = 10_000;

/**
 * Which key stored each Responses answer the gateway relayed, so `GET /v1/responses/:id` asks that key, and only for
 * the team whose request stored it. The usage row of the request keeps the id (`response_id`), so every replica,
 * and one restarted, finds it once the row is written (within a usage flush interval); the answers this replica
 * relayed since are remembered in memory until then.
 */
@Injectable()
export class StoredResponses {
  private readonly recent = new Map<string, StoredResponseOrigin>();

  constructor(private readonly usage: UsageRepository) {}

  remember(id: string, origin: StoredResponseOrigin): void {
    if (this.recent.size >= RECENT_CAPACITY) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(id, origin);
  }

  /** The origin of a response, only for the team that created it; undefined when it stored none by that id. */
  async originFor(id: string, teamId: string): Promise<StoredResponseOrigin | undefined> {
    const recent = this.recent.get(id);
    if (recent) return recent.teamId === teamId ? recent : undefined;
    const stored = await this.usage.responseOrigin(id, teamId).catch(() => {
      throw new ProxyException(
        ProxyErrorCode.ResponseStoreUnavailable,
        `Where response '${id}' is stored cannot be looked up right now; retry shortly`,
        null,
        1,
      );
    });
    return stored ? { teamId, ...stored } : undefined;
  }
}
