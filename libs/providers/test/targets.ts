import type { ProviderTarget, ProviderType } from '../src/provider-types.js';

/** A target of the given type on an address nothing answers: for specs that only build requests and read answers. */
export function unreachableTarget(type: ProviderType, servesResponses = false): ProviderTarget {
  return {
    type,
    baseUrl: 'https://upstream.invalid/v1',
    model: 'routed-model',
    apiKey: 'sk-secret',
    servesResponses,
  };
}
