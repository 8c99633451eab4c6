import { routeProblem } from '../routes/route-rules.js';
import { type UpsertRouteBody } from '../routes/routes.schemas.js';
import { type ConfigChange, unchanged } from './config-change.js';
import { type DeclaredRoute } from './config-file.schema.js';
import { type ProblemSink } from './config-problem.js';

/**
 * A declared alias is created, or its targets replaced when they differ. Aliases the file does not name are left
 * alone. `providers` are the names every provider will have once the file's providers and keys are applied.
 */
export function planRoutes(
  declared: DeclaredRoute[],
  stored: ReadonlyMap<string, readonly string[]>,
  providers: Iterable<string>,
  report: ProblemSink,
): { upserts: UpsertRouteBody[]; changes: ConfigChange[] } {
  const names = [...providers];
  const seen = new Set<string>();
  const upserts: UpsertRouteBody[] = [];
  const changes: ConfigChange[] = [];
  declared.forEach((route, index) => {
    if (seen.has(route.alias)) {
      report(['routes', index, 'alias'], 'repeats an earlier route');
      return;
    }
    seen.add(route.alias);
    const problem = routeProblem(route, names);
    if (problem) {
      report(['routes', index, ...problem.param.split('.').map(pathPart)], problem.reason);
      return;
    }
    const current = stored.get(route.alias);
    const same =
      current !== undefined &&
      current.length === route.targets.length &&
      current.every((target, position) => target === route.targets[position]);
    if (same) {
      changes.push(unchanged('route', route.alias));
      return;
    }
    upserts.push({ alias: route.alias, targets: route.targets });
    changes.push({
      kind: 'route',
      name: route.alias,
      action: current === undefined ? 'create' : 'update',
      fields: ['targets'],
    });
  });
  return { upserts, changes };
}

const pathPart = (part: string) => (/^\d+$/.test(part) ? Number(part) : part);
