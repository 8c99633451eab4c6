import { hostOf } from '../shared/url.js';

/** What one OpenAI-compatible host accepts beyond the common core of the chat completions API. */
export interface OpenAICompatibleProfile {
  /** Hosts without `stream_options` reject it; most of them report usage in the last chunk anyway. */
  supportsStreamOptions: boolean;
  /** Parameters the host answers with a 400/422 for, removed before sending. */
  unsupportedParams: readonly string[];
  /** Parameters the host spells differently: OpenAI name → host name. */
  renamedParams: Readonly<Record<string, string>>;
  /** Whether `max_tokens` must be sent as `max_completion_tokens` for this model. */
  wantsMaxCompletionTokens(model: string): boolean;
}

const OPENAI_REASONING_MODEL = /^(o\d|gpt-5)/;
const never = (): boolean => false;

const GENERIC: OpenAICompatibleProfile = {
  supportsStreamOptions: true,
  unsupportedParams: [],
  renamedParams: {},
  wantsMaxCompletionTokens: never,
};

const PROFILES_BY_HOST: Record<string, OpenAICompatibleProfile> = {
  'api.openai.com': { ...GENERIC, wantsMaxCompletionTokens: (model) => OPENAI_REASONING_MODEL.test(model) },
  'api.mistral.ai': {
    supportsStreamOptions: false,
    unsupportedParams: [
      'logit_bias',
      'logprobs',
      'top_logprobs',
      'user',
      'service_tier',
      'store',
      'metadata',
      'reasoning_effort',
    ],
    renamedParams: { seed: 'random_seed', max_completion_tokens: 'max_tokens' },
    wantsMaxCompletionTokens: never,
  },
  'api.groq.com': {
    ...GENERIC,
    unsupportedParams: ['logit_bias', 'logprobs', 'top_logprobs', 'store', 'metadata'],
  },
};

const MAX_CACHED_BASE_URLS = 1_000;
const profilesByBaseUrl = new Map<string, OpenAICompatibleProfile>();

/** Looked up on every request; a base URL is parsed for its host once. */
export function openAICompatibleProfile(baseUrl: string): OpenAICompatibleProfile {
  let profile = profilesByBaseUrl.get(baseUrl);
  if (profile === undefined) {
    profile = PROFILES_BY_HOST[hostOf(baseUrl)] ?? GENERIC;
    if (profilesByBaseUrl.size >= MAX_CACHED_BASE_URLS) profilesByBaseUrl.clear();
    profilesByBaseUrl.set(baseUrl, profile);
  }
  return profile;
}
