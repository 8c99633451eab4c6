import { type Provider } from '@switchyard/contracts';
import { type ProviderType } from '../../database/generated/enums.js';

export function toProviderView(provider: {
  id: string;
  name: string;
  type: ProviderType;
  baseUrl: string;
  servesResponses: boolean;
  builtIn: boolean;
  createdAt: Date;
  updatedAt: Date;
  _count: { keys: number };
}): Provider {
  return {
    id: provider.id,
    name: provider.name,
    type: provider.type,
    baseUrl: provider.baseUrl,
    servesResponses: provider.servesResponses,
    builtIn: provider.builtIn,
    keyCount: provider._count.keys,
    createdAt: provider.createdAt.toISOString(),
    updatedAt: provider.updatedAt.toISOString(),
  } satisfies Provider;
}
