import type { IncomingHttpHeaders } from 'node:http';
import type { MockApi } from './mock-types.js';

export type MockRoute =
  | { api: MockApi; kind: 'chat'; model?: string; geminiStream?: boolean }
  | { api: MockApi; kind: 'models' }
  | { api: 'openai'; kind: 'key_info' }
  | { api: 'openai'; kind: 'embeddings' }
  | { api: 'anthropic'; kind: 'count_tokens' }
  | { api: 'gemini'; kind: 'embed'; model: string; batch: boolean }
  | { api: 'responses'; kind: 'retrieve'; id: string };

const GEMINI_MODEL_METHOD = /^\/v1beta\/models\/([^/:]+):([A-Za-z]+)$/;
const STORED_RESPONSE = /^\/v1\/responses\/([^/]+)$/;

/** `/v1/models` is shared by OpenAI and Anthropic; Anthropic clients identify themselves by their headers. */
function looksAnthropic(headers: IncomingHttpHeaders): boolean {
  return headers['x-api-key'] !== undefined || headers['anthropic-version'] !== undefined;
}

export function matchRoute(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
): MockRoute | undefined {
  if (method === 'GET') {
    if (path === '/v1/models')
      return { api: looksAnthropic(headers) ? 'anthropic' : 'openai', kind: 'models' };
    if (path === '/v1beta/models') return { api: 'gemini', kind: 'models' };
    // OpenRouter's own: what the key may spend and has spent. Served wherever /v1 is, as the base URL decides.
    if (path === '/v1/key' || path === '/api/v1/key') return { api: 'openai', kind: 'key_info' };
    const stored = STORED_RESPONSE.exec(path)?.[1];
    if (stored) return { api: 'responses', kind: 'retrieve', id: decodeURIComponent(stored) };
    return undefined;
  }
  if (method !== 'POST') return undefined;
  switch (path) {
    case '/v1/chat/completions':
      return { api: 'openai', kind: 'chat' };
    case '/v1/responses':
      return { api: 'responses', kind: 'chat' };
    case '/v1/embeddings':
      return { api: 'openai', kind: 'embeddings' };
    case '/v1/messages':
      return { api: 'anthropic', kind: 'chat' };
    case '/v1/messages/count_tokens':
      return { api: 'anthropic', kind: 'count_tokens' };
  }
  const gemini = GEMINI_MODEL_METHOD.exec(path);
  if (!gemini?.[1] || !gemini[2]) return undefined;
  const model = decodeURIComponent(gemini[1]);
  switch (gemini[2]) {
    case 'generateContent':
      return { api: 'gemini', kind: 'chat', model, geminiStream: false };
    case 'streamGenerateContent':
      return { api: 'gemini', kind: 'chat', model, geminiStream: true };
    case 'embedContent':
      return { api: 'gemini', kind: 'embed', model, batch: false };
    case 'batchEmbedContents':
      return { api: 'gemini', kind: 'embed', model, batch: true };
    default:
      return undefined;
  }
}

/** The key from `Authorization: Bearer`, `x-api-key`, `x-goog-api-key` or Gemini's `?key=`. */
export function apiKeyOf(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const authorization = headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length);
  const header = headers['x-api-key'] ?? headers['x-goog-api-key'];
  if (typeof header === 'string') return header;
  return query.get('key') ?? undefined;
}
