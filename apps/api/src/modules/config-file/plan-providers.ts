import { type ProviderType } from '../../database/generated/enums.js';
import { type KnownProvider } from '../provider-keys/import/import-providers.js';
import { type CreateProviderBody } from '../providers/providers.schemas.js';
import { type ConfigChange, unchanged } from './config-change.js';
import { type DeclaredProvider } from './config-file.schema.js';
import { type ProblemSink } from './config-problem.js';

export interface StoredProvider {
  id: string;
  name: string;
  type: ProviderType;
  baseUrl: string;
  servesResponses: boolean;
}

export interface ProvidersPlan {
  create: CreateProviderBody[];
  /** Existing providers, built-ins included, that the file points at another base URL or Responses setting. */
  update: { name: string; baseUrl: string; servesResponses: boolean }[];
  /** Every provider as it will be once the plan is applied, which the file's keys are resolved against. */
  after: KnownProvider[];
  changes: ConfigChange[];
}

/**
 * A declared provider is created if missing. One that exists (a built-in too) takes the file's base URL, and its
 * `serves_responses` when the file says, as `PATCH /admin/providers/:name` would; its type cannot change, so a
 * different type is a problem, and only an openai-type provider can serve the Responses API.
 */
export function planProviders(
  declared: DeclaredProvider[],
  stored: StoredProvider[],
  report: ProblemSink,
): ProvidersPlan {
  const byName = new Map(stored.map((provider) => [provider.name, provider]));
  const after = new Map<string, KnownProvider>(stored.map((provider) => [provider.name, provider]));
  const plan: ProvidersPlan = { create: [], update: [], after: [], changes: [] };
  const seen = new Set<string>();
  declared.forEach((provider, index) => {
    if (seen.has(provider.name)) {
      report(['providers', index, 'name'], 'repeats an earlier provider');
      return;
    }
    seen.add(provider.name);
    if (provider.serves_responses === true && provider.type !== 'openai') {
      report(
        ['providers', index, 'serves_responses'],
        'only an openai-type provider can serve the Responses API',
      );
      return;
    }
    const existing = byName.get(provider.name);
    if (!existing) {
      plan.create.push({
        name: provider.name,
        type: provider.type,
        baseUrl: provider.base_url,
        servesResponses: provider.serves_responses,
      });
      plan.changes.push({
        kind: 'provider',
        name: provider.name,
        action: 'create',
        fields:
          provider.serves_responses === undefined
            ? ['type', 'base_url']
            : ['type', 'base_url', 'serves_responses'],
      });
      after.set(provider.name, {
        id: null,
        name: provider.name,
        type: provider.type,
        baseUrl: provider.base_url,
      });
      return;
    }
    if (existing.type !== provider.type) {
      report(
        ['providers', index, 'type'],
        `provider ${provider.name} exists with type ${existing.type}; a provider's type cannot change`,
      );
      return;
    }
    const servesResponses = provider.serves_responses ?? existing.servesResponses;
    const fields = [
      ...(existing.baseUrl !== provider.base_url ? ['base_url'] : []),
      ...(existing.servesResponses !== servesResponses ? ['serves_responses'] : []),
    ];
    if (fields.length > 0) {
      plan.update.push({ name: provider.name, baseUrl: provider.base_url, servesResponses });
      plan.changes.push({ kind: 'provider', name: provider.name, action: 'update', fields });
      after.set(provider.name, { ...existing, baseUrl: provider.base_url });
    } else {
      plan.changes.push(unchanged('provider', provider.name));
    }
  });
  plan.after = [...after.values()];
  return plan;
}
