import { type ProviderType } from '../../database/generated/enums.js';

export interface ProviderView {
  id: string;
  name: string;
  type: ProviderType;
  baseUrl: string;
  builtIn: boolean;
  /** Keys not deleted, whatever their status. */
  keyCount: number;
  createdAt: string;
  updatedAt: string;
}

export function toProviderView(provider: {
  id: string;
  name: string;
  type: ProviderType;
  baseUrl: string;
  builtIn: boolean;
  createdAt: Date;
  updatedAt: Date;
  _count: { keys: number };
}): ProviderView {
  return {
    id: provider.id,
    name: provider.name,
    type: provider.type,
    baseUrl: provider.baseUrl,
    builtIn: provider.builtIn,
    keyCount: provider._count.keys,
    createdAt: provider.createdAt.toISOString(),
    updatedAt: provider.updatedAt.toISOString(),
  };
}
