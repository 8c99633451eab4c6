import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigChangeFeed } from '../settings/config-change-feed.js';
import { type RouteTarget, splitModelId } from './route-target.js';
import { RoutesRepository } from './routes.repository.js';

export interface ResolvedRoute {
  /** Tried in order: the first is the preferred target, the rest are fallbacks. Shared: never modify it. */
  readonly targets: readonly RouteTarget[];
  /** The alias the model named, or null for a plain `provider/model`. */
  readonly alias: string | null;
}

/** Plain `provider/model` names resolved so far; the same few arrive with almost every request. */
const MAX_REMEMBERED_NAMES = 10_000;

/**
 * Model routing for the gateway, held in memory: resolving never touches the database. Refreshed after an edit
 * on this replica, on every replica through the change feed, and every 30 s.
 */
@Injectable()
export class RouteTable implements OnApplicationBootstrap, OnApplicationShutdown {
  private routes = new Map<string, ResolvedRoute>();
  private names = new Map<string, ResolvedRoute | null>();
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
    const aliased = this.routes.get(model);
    if (aliased) return aliased;
    let route = this.names.get(model);
    if (route === undefined) {
      const target = splitModelId(model);
      route = target ? { targets: [target], alias: null } : null;
      if (this.names.size >= MAX_REMEMBERED_NAMES) this.names.clear();
      this.names.set(model, route);
    }
    return route;
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
    const routes = new Map<string, ResolvedRoute>();
    for (const row of await this.repository.all()) {
      const targets = row.targets.map(splitModelId).filter((t): t is RouteTarget => t !== null);
      if (targets.length > 0) routes.set(row.alias, { targets, alias: row.alias });
    }
    this.routes = routes;
    // A name remembered as `provider/model` may be an alias now.
    this.names = new Map();
  }
}
