import type { ProviderType } from '../provider-types.js';
import { anthropicAdapter } from './anthropic-adapter.js';
import { geminiAdapter } from './gemini-adapter.js';
import { openAIAdapter } from './openai-adapter.js';
import type { ProviderAdapter } from './provider-adapter.js';

const ADAPTERS: Readonly<Record<ProviderType, ProviderAdapter>> = {
  openai: openAIAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};

export function getProviderAdapter(type: ProviderType): ProviderAdapter {
  return ADAPTERS[type];
}
