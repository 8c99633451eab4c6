import { type RouteTarget } from '../routes/route-target.js';

/**
 * A token's allow-list, compiled once per token: names and provider wildcards in sets, and the answer for each
 * target remembered (the route table hands out the same target objects), so a request's check costs two lookups.
 */
class AllowList {
  private readonly names: ReadonlySet<string>;
  private readonly providers: ReadonlySet<string>;
  private readonly answers = new WeakMap<RouteTarget, boolean>();

  constructor(entries: readonly string[]) {
    this.names = new Set(entries);
    this.providers = new Set(
      entries.filter((entry) => entry.endsWith('/*')).map((entry) => entry.slice(0, -2)),
    );
  }

  hasAlias(alias: string): boolean {
    return this.names.has(alias);
  }

  admitsId(modelId: string): boolean {
    const slash = modelId.indexOf('/');
    return this.names.has(modelId) || this.providers.has(slash < 0 ? modelId : modelId.slice(0, slash));
  }

  admits(target: RouteTarget): boolean {
    let answer = this.answers.get(target);
    if (answer === undefined) {
      answer = this.names.has(`${target.provider}/${target.model}`) || this.providers.has(target.provider);
      this.answers.set(target, answer);
    }
    return answer;
  }
}

const compiled = new WeakMap<readonly string[], AllowList>();

function allowListOf(entries: readonly string[]): AllowList {
  let list = compiled.get(entries);
  if (!list) compiled.set(entries, (list = new AllowList(entries)));
  return list;
}

/**
 * Whether a token's allow-list admits a request. Entries are `provider/model`, `provider/*` or alias names;
 * an empty list admits everything. An alias admits its own targets; a fallback target the list does not
 * admit is skipped rather than used. The route's own array comes back when every target is admitted.
 */
export function allowedTargets(
  allowList: readonly string[],
  alias: string | null,
  targets: readonly RouteTarget[],
): readonly RouteTarget[] {
  if (allowList.length === 0) return targets;
  const list = allowListOf(allowList);
  if (alias !== null && list.hasAlias(alias)) return targets;
  if (targets.every((target) => list.admits(target))) return targets;
  return targets.filter((target) => list.admits(target));
}

export function modelAllowed(allowList: readonly string[], modelId: string): boolean {
  return allowList.length === 0 || allowListOf(allowList).admitsId(modelId);
}
