import { Injectable } from '@nestjs/common';
import { BudgetsRepository, type TeamBudget } from './budgets.repository.js';

/**
 * How long a team's budget (or its absence) is trusted without a change notification. With REDIS_URL set a
 * change reaches every replica at once through pub/sub; this TTL bounds the damage of a lost message, and is
 * the only propagation between replicas that share no Redis (an unsupported setup: REDIS_URL unset means one
 * replica).
 */
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  budget: TeamBudget | null;
  loadedAt: number;
}

/** Team budgets for the request path: one database read per team per TTL, none for a cached team. */
@Injectable()
export class BudgetCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<TeamBudget | null>>();
  /** Bumped by every invalidation, so a load that one overtook does not cache its stale answer. */
  private epoch = 0;

  constructor(private readonly repository: BudgetsRepository) {}

  /**
   * The team's budget, or null when it has none (unlimited). Only a team never seen (or just invalidated) waits
   * for the database; an expired entry is answered from memory while it reloads in the background.
   */
  async get(teamId: string): Promise<TeamBudget | null> {
    const entry = this.entries.get(teamId);
    if (entry && Date.now() - entry.loadedAt < TTL_MS) return entry.budget;
    let load = this.loading.get(teamId);
    if (!load) {
      load = this.load(teamId).finally(() => {
        if (this.loading.get(teamId) === load) this.loading.delete(teamId);
      });
      this.loading.set(teamId, load);
    }
    if (entry) {
      load.catch(() => undefined);
      return entry.budget;
    }
    return load;
  }

  /** The cached budget if it is still within its TTL; undefined when a call to `get` would have to look. */
  tryGet(teamId: string): TeamBudget | null | undefined {
    const entry = this.entries.get(teamId);
    return entry && Date.now() - entry.loadedAt < TTL_MS ? entry.budget : undefined;
  }

  /** The cached budget without loading; undefined when not cached. */
  peek(teamId: string): TeamBudget | null | undefined {
    return this.entries.get(teamId)?.budget;
  }

  invalidate(teamId: string): void {
    this.epoch += 1;
    this.entries.delete(teamId);
    this.loading.delete(teamId);
  }

  private async load(teamId: string): Promise<TeamBudget | null> {
    const epoch = this.epoch;
    const team = await this.repository.findTeam(teamId);
    const budget = team?.budget ?? null;
    if (epoch === this.epoch) this.store(teamId, budget);
    return budget;
  }

  private store(teamId: string, budget: TeamBudget | null): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(teamId);
    this.entries.set(teamId, { budget, loadedAt: Date.now() });
  }
}
