/** One place a request can go: a provider and the model name that provider knows it by. */
export interface Target {
  provider: string;
  model: string;
  /** `provider/model`, as written in routes. */
  name: string;
}

/**
 * A route is one target or a fallback chain of targets in order of preference:
 * `"openai/gpt-4o-mini"`, `["openai/gpt-4o-mini", "openrouter/openai/gpt-4o-mini"]` or `{ targets: [...] }`.
 */
export type RouteInput = string | readonly string[] | { readonly targets: readonly string[] };

/** The provider is the part before the first `/`; the model is the rest and may itself contain slashes. */
export function parseTarget(name: string): Target {
  const slash = name.indexOf('/');
  if (slash <= 0 || slash === name.length - 1) {
    throw new RangeError(`A target is "provider/model", got "${name}"`);
  }
  return { provider: name.slice(0, slash), model: name.slice(slash + 1), name };
}

const MAX_CACHED_ROUTES = 10_000;

/** Parses routes once: the same few route strings arrive on every request. */
export class RouteParser {
  private readonly cache = new Map<string, readonly Target[]>();
  private readonly chains = new WeakMap<object, readonly Target[]>();

  parse(route: RouteInput): readonly Target[] {
    if (typeof route === 'string') return this.parseCached(route);
    let targets = this.chains.get(route);
    if (targets === undefined) {
      const names = 'targets' in route ? route.targets : (route as readonly string[]);
      if (names.length === 0) throw new RangeError('A route needs at least one target');
      targets = names.map(parseTarget);
      this.chains.set(route, targets);
    }
    return targets;
  }

  private parseCached(name: string): readonly Target[] {
    let targets = this.cache.get(name);
    if (targets === undefined) {
      targets = [parseTarget(name)];
      if (this.cache.size >= MAX_CACHED_ROUTES) this.cache.clear();
      this.cache.set(name, targets);
    }
    return targets;
  }
}
