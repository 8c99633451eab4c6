import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { AuditService } from '../audit/audit.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import { ConfigChangeFeed } from '../settings/config-change-feed.js';
import { RouteCatalog } from './route-catalog.js';
import { BUILT_IN_PROVIDER_NAMES, splitModelId } from './route-target.js';
import { RoutesErrorCode, RoutesException } from './routes.exception.js';
import { RoutesRepository } from './routes.repository.js';
import { type ListRoutesQuery, type UpsertRouteBody } from './routes.schemas.js';

export interface RouteView {
  alias: string;
  targets: string[];
  createdAt: string;
  updatedAt: string;
}

type RouteRow = { alias: string; targets: string[]; createdAt: Date; updatedAt: Date };

const toView = (row: RouteRow): RouteView => ({
  alias: row.alias,
  targets: row.targets,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

@Injectable()
export class RoutesService {
  constructor(
    private readonly repository: RoutesRepository,
    private readonly catalog: RouteCatalog,
    private readonly audit: AuditService,
    private readonly changes: ConfigChangeFeed,
  ) {}

  async list(query: ListRoutesQuery): Promise<Page<RouteView>> {
    const rows = await this.repository.list(decodeCursor(query.cursor, z.string()), query.limit + 1);
    const page = toPage(rows, query.limit, (row) => row.alias);
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  /**
   * The alias rule: `provider/model` must always mean that provider's model, so an alias may be neither a
   * provider's name nor start with `<provider>/`, for the built-in providers and every provider configured.
   * `fast`, `team-a/chat` or `claude:latest` are fine; `openai` and `openai/fast` are not. Every target must
   * name a known provider, which also means a target can never be another alias.
   */
  async upsert(auth: AuthContext, body: UpsertRouteBody): Promise<RouteView> {
    const providers = new Set([...BUILT_IN_PROVIDER_NAMES, ...(await this.repository.providerNames())]);
    const aliasHead = body.alias.split('/')[0]!;
    if (providers.has(aliasHead)) {
      throw new RoutesException(
        RoutesErrorCode.AliasShadowsProvider,
        `alias must not be or start with the provider name "${aliasHead}/": that means the provider's own model`,
        'alias',
      );
    }
    body.targets.forEach((target, index) => {
      const provider = splitModelId(target)?.provider;
      if (!provider || !providers.has(provider)) {
        throw new RoutesException(
          RoutesErrorCode.UnknownProvider,
          `targets.${index}: no provider named "${provider ?? target}"`,
          `targets.${index}`,
        );
      }
    });
    const before = await this.repository.find(body.alias);
    const saved = await this.repository.upsert(body.alias, body.targets);
    await this.audit.record(
      auth,
      before ? 'route.update' : 'route.create',
      { type: 'route', id: saved.alias },
      { before: before ? { targets: before.targets } : null, after: { targets: saved.targets } },
    );
    await this.announce();
    return toView(saved);
  }

  async remove(auth: AuthContext, alias: string): Promise<RouteView> {
    const existing = await this.repository.find(alias);
    if (!existing || !(await this.repository.delete(alias))) {
      throw new RoutesException(RoutesErrorCode.RouteNotFound, `No route with alias ${alias}`, 'alias');
    }
    await this.audit.record(
      auth,
      'route.delete',
      { type: 'route', id: alias },
      {
        before: { targets: existing.targets },
      },
    );
    await this.announce();
    return toView(existing);
  }

  private async announce(): Promise<void> {
    await this.catalog.refresh();
    await this.changes.publish({ topic: 'routes' });
  }
}
