import { Injectable } from '@nestjs/common';
import { type Route } from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import { ConfigChangeFeed } from '../settings/config-change-feed.js';
import { RouteTable } from './route-table.js';
import { routeProblem } from './route-rules.js';
import { RoutesErrorCode, RoutesException } from './routes.exception.js';
import { RoutesRepository } from './routes.repository.js';
import { type ListRoutesQuery, type UpsertRouteBody } from './routes.schemas.js';

type RouteRow = { alias: string; targets: string[]; createdAt: Date; updatedAt: Date };

const toView = (row: RouteRow): Route =>
  ({
    alias: row.alias,
    targets: row.targets,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }) satisfies Route;

@Injectable()
export class RoutesService {
  constructor(
    private readonly repository: RoutesRepository,
    private readonly table: RouteTable,
    private readonly audit: AuditService,
    private readonly changes: ConfigChangeFeed,
  ) {}

  async list(query: ListRoutesQuery): Promise<Page<Route>> {
    const rows = await this.repository.list(decodeCursor(query.cursor, z.string()), query.limit + 1);
    const page = toPage(rows, query.limit, (row) => row.alias);
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  /** Creates the alias or replaces its targets; see `routeProblem` for what an alias and its targets may be. */
  async upsert(auth: Actor, body: UpsertRouteBody): Promise<Route> {
    const problem = routeProblem(body, await this.repository.providerNames());
    if (problem) throw new RoutesException(problem.code, problem.message, problem.param);
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

  /** Every alias with its targets; there are few enough to read at once. */
  all(): Promise<{ alias: string; targets: string[] }[]> {
    return this.repository.all();
  }

  async remove(auth: AuthContext, alias: string): Promise<Route> {
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
    await this.table.refresh();
    await this.changes.publish({ topic: 'routes' });
  }
}
