import type { ProviderType } from './provider-types.js';

export interface BuiltInProvider {
  name: string;
  type: ProviderType;
  baseUrl: string;
  /** Serves the Responses API itself, so `/v1/responses` is passed through to it. */
  servesResponses?: boolean;
}

/** The providers every Switchyard knows by name: the gateway seeds them, the CLI's local mode resolves keys by them. */
export const BUILT_IN_PROVIDERS: readonly BuiltInProvider[] = [
  { name: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1', servesResponses: true },
  { name: 'anthropic', type: 'anthropic', baseUrl: 'https://api.anthropic.com/v1' },
  { name: 'gemini', type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com/v1beta' },
  { name: 'openrouter', type: 'openai', baseUrl: 'https://openrouter.ai/api/v1' },
  { name: 'groq', type: 'openai', baseUrl: 'https://api.groq.com/openai/v1' },
  { name: 'deepseek', type: 'openai', baseUrl: 'https://api.deepseek.com/v1' },
  { name: 'mistral', type: 'openai', baseUrl: 'https://api.mistral.ai/v1' },
  { name: 'together', type: 'openai', baseUrl: 'https://api.together.xyz/v1' },
];
