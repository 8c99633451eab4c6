export type ProviderType = 'openai' | 'anthropic' | 'gemini';

/** The wire format the gateway's client speaks: `/v1/chat/completions` or `/v1/messages`. */
export type ClientFormat = 'openai' | 'anthropic';

/** One concrete upstream to call: which wire format, where, which model, with which key. */
export interface ProviderTarget {
  type: ProviderType;
  /** Includes the version path, e.g. `https://api.openai.com/v1`, `https://generativelanguage.googleapis.com/v1beta`. */
  baseUrl: string;
  /** The upstream model name, which replaces whatever model the client asked for. */
  model: string;
  apiKey: string;
  /**
   * An OpenAI-type upstream that serves the Responses API (`POST {baseUrl}/responses`) itself: Responses requests
   * are passed through to it instead of translated to chat completions.
   */
  servesResponses?: boolean;
}

/** A fully built upstream HTTP call. `headers` carry the API key: never log them. */
export interface UpstreamRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export type HeaderMap = Record<string, string | string[] | undefined>;
