import { type RouteTarget } from '../routes/route-target.js';

/**
 * Whether a token's allow-list admits a request. Entries are `provider/model`, `provider/*` or alias names;
 * an empty list admits everything. An alias admits its own targets; a fallback target the list does not
 * admit is skipped rather than used.
 */
export function allowedTargets(
  allowList: readonly string[],
  alias: string | null,
  targets: readonly RouteTarget[],
): RouteTarget[] {
  if (allowList.length === 0) return [...targets];
  if (alias !== null && allowList.includes(alias)) return [...targets];
  return targets.filter((target) => modelAllowed(allowList, `${target.provider}/${target.model}`));
}

export function modelAllowed(allowList: readonly string[], modelId: string): boolean {
  if (allowList.length === 0) return true;
  const provider = modelId.split('/')[0];
  return allowList.includes(modelId) || allowList.includes(`${provider}/*`);
}
