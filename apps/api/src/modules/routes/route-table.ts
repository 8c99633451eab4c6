import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigChangeFeed } from '../settings/config-change-feed.js';
import { type RouteTarget, splitModelId } from './route-target.js';
import { RoutesRepository } from './routes.repository.js';

export interface ResolvedRoute {
  /** Tried in order: the first is the preferred target, the rest are fallbacks. */
  targets: RouteTarget[];
  /** The alias the model named, or null for a plain `provider/model`. */
  alias: string | null;
}

/**
 * Model routing for the gateway, held in memory: resolving never touches the database. Refreshed after an edit
 * on this replica, on every replica through the change feed, and every 30 s.
 */
@Injectable()
export class RouteTable implements OnApplicationBootstrap, OnApplicationShutdown {
  private routes = new Map<string, RouteTarget[]>();
  private stopRefreshing: (() => void) | undefined;

  constructor(
    private readonly repository: RoutesRepository,
    private readonly changes: ConfigChangeFeed,
  ) {}

  /**
   * An alias resolves to its targets; anything else is `provider/model`, split at the first "/". Null when the
   * name is neither (no provider part). Aliases are looked up first, so an alias keeps working even if a
   * provider of a colliding name is created after it.
   */
  resolve(model: string): ResolvedRoute | null {
    const targets = this.routes.get(model);
    if (targets) return { targets, alias: model };
    const target = splitModelId(model);
    return target ? { targets: [target], alias: null } : null;
  }

  aliases(): string[] {
    return [...this.routes.keys()];
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.stopRefreshing = this.changes.keepFresh('routes', () => this.refresh(), 'the route table');
  }

  onApplicationShutdown(): void {
    this.stopRefreshing?.();
  }

  async refresh(): Promise<void> {
    const routes = new Map<string, RouteTarget[]>();
    for (const row of await this.repository.all()) {
      const targets = row.targets.map(splitModelId).filter((t): t is RouteTarget => t !== null);
      if (targets.length > 0) routes.set(row.alias, targets);
    }
    this.routes = routes;
  }
}
