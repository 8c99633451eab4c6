import type { MockApi } from './mock-types.js';

export const DEFAULT_MOCK_MODELS = [
  'gpt-4o-mini',
  'gpt-4o',
  'claude-haiku-4-5',
  'claude-sonnet-4-5',
  'gemini-2.5-flash',
  'gemini-2.5-pro',
];
const CREATED = 1_700_000_000;

export function modelList(api: MockApi, models: readonly string[]): unknown {
  switch (api) {
    case 'openai':
      return {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'mock' })),
      };
    case 'anthropic':
      return {
        data: models.map((id) => ({
          type: 'model',
          id,
          display_name: id,
          created_at: '2025-01-01T00:00:00Z',
        })),
        has_more: false,
        first_id: models[0] ?? null,
        last_id: models[models.length - 1] ?? null,
      };
    case 'gemini':
      return {
        models: models.map((id) => ({
          name: `models/${id}`,
          displayName: id,
          inputTokenLimit: 1_048_576,
          outputTokenLimit: 65_536,
          supportedGenerationMethods: ['generateContent', 'countTokens', 'embedContent'],
        })),
      };
  }
}
