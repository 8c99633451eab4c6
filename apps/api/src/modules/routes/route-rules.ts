import { BUILT_IN_PROVIDER_NAMES, splitModelId } from './route-target.js';
import { RoutesErrorCode } from './routes.exception.js';
import { type UpsertRouteBody } from './routes.schemas.js';

export interface RouteProblem {
  code: RoutesErrorCode.AliasShadowsProvider | RoutesErrorCode.UnknownProvider;
  /** The field at fault: `alias` or `targets.<index>`. */
  param: string;
  /** What is wrong, without the field's name. */
  reason: string;
  /** The field and the reason, for an answer that carries no field of its own. */
  message: string;
}

/**
 * The alias rule: `provider/model` must always mean that provider's model, so an alias may be neither a
 * provider's name nor start with `<provider>/`, for the built-in providers and every provider configured.
 * `fast`, `team-a/chat` or `claude:latest` are fine; `openai` and `openai/fast` are not. Every target must
 * name a known provider, which also means a target can never be another alias.
 */
export function routeProblem(
  body: UpsertRouteBody,
  configuredProviders: Iterable<string>,
): RouteProblem | null {
  const providers = new Set([...BUILT_IN_PROVIDER_NAMES, ...configuredProviders]);
  const aliasHead = body.alias.split('/')[0]!;
  if (providers.has(aliasHead)) {
    const reason = `must not be or start with the provider name "${aliasHead}/": that means the provider's own model`;
    return { code: RoutesErrorCode.AliasShadowsProvider, param: 'alias', reason, message: `alias ${reason}` };
  }
  for (const [index, target] of body.targets.entries()) {
    const provider = splitModelId(target)?.provider;
    if (!provider || !providers.has(provider)) {
      const param = `targets.${index}`;
      const reason = `no provider named "${provider ?? target}"`;
      return { code: RoutesErrorCode.UnknownProvider, param, reason, message: `${param}: ${reason}` };
    }
  }
  return null;
}
