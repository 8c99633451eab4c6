import { Injectable } from '@nestjs/common';
import { type AuthContext } from '../auth/auth-context.js';

export type TeamDeletedListener = (auth: AuthContext, teamId: string) => Promise<void>;
export type TeamChangedListener = (teamId: string) => Promise<void>;

/**
 * What must happen elsewhere when a team is deleted (its tokens are revoked, for one). Modules that build on
 * teams register here instead of TeamsService depending on them, which would make the module graph circular.
 * Listeners must be idempotent: deleting an already deleted team runs them again, to finish a deletion that
 * failed half-way.
 */
@Injectable()
export class TeamLifecycle {
  private readonly deletedListeners: TeamDeletedListener[] = [];
  private readonly changedListeners: TeamChangedListener[] = [];

  onTeamDeleted(listener: TeamDeletedListener): void {
    this.deletedListeners.push(listener);
  }

  /** A team setting that its tokens carry (body logging) changed. */
  onTeamChanged(listener: TeamChangedListener): void {
    this.changedListeners.push(listener);
  }

  async teamChanged(teamId: string): Promise<void> {
    for (const listener of this.changedListeners) await listener(teamId);
  }

  async teamDeleted(auth: AuthContext, teamId: string): Promise<void> {
    for (const listener of this.deletedListeners) await listener(auth, teamId);
  }
}
