import { Injectable } from '@nestjs/common';

/** Where a stored Responses answer lives: the key that created it (stored responses belong to its project). */
export interface StoredResponseOrigin {
  teamId: string;
  keyId: string;
  provider: string;
  model: string;
}

/** Enough for the answers a coding agent goes back to; the oldest are forgotten first. */
const CAPACITY = 50_000;

/**
 * The responses this replica relayed from upstreams that stored them, so `GET /v1/responses/:id` asks the key that
 * created one, and only for the team whose request did. Kept in memory: after a restart, or on another replica,
 * an id is not found.
 */
@Injectable()
export class StoredResponses {
  private readonly origins = new Map<string, StoredResponseOrigin>();

  remember(id: string, origin: StoredResponseOrigin): void {
    if (this.origins.size >= CAPACITY) this.origins.delete(this.origins.keys().next().value as string);
    this.origins.set(id, origin);
  }

  /** The origin of a response, only for the team that created it. */
  originFor(id: string, teamId: string): StoredResponseOrigin | undefined {
    const origin = this.origins.get(id);
    return origin?.teamId === teamId ? origin : undefined;
  }
}
