import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeyScripts } from './key-scripts.js';
import { DEFAULT_MOCK_MODELS } from './model-lists.js';
import type { MockApi, MockFault, RecordedRequest } from './mock-types.js';
import { MockRequestHandler } from './request-handler.js';
import { Timers } from './timers.js';

export interface MockProviderOptions {
  /** Defaults to 0: any free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Model ids listed by the `models` endpoints. */
  models?: readonly string[];
}

export interface MockProvider {
  /** Base URL without version path, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The base URL a provider target of that type uses: `{url}/v1` or `{url}/v1beta`. */
  baseUrl(api: MockApi): string;
  /** Scripts the behaviour of one key (or `*` for every key without a script of its own), replacing any earlier script. */
  script(apiKey: string, fault: MockFault): void;
  /** Forgets all scripts and request records. */
  reset(): void;
  /** How many requests arrived with this key. */
  requests(apiKey: string): number;
  lastRequest(apiKey: string): RecordedRequest | undefined;
  /** Stops the server, dropping open connections (hanging requests included) and pending delays. */
  close(): Promise<void>;
}

/** Starts a local HTTP server speaking the OpenAI (chat and Responses), Anthropic and Gemini wire formats, with per-key fault scripts. */
export async function startMockProvider(options: MockProviderOptions = {}): Promise<MockProvider> {
  const scripts = new KeyScripts();
  const timers = new Timers();
  const handler = new MockRequestHandler({ scripts, timers, models: options.models ?? DEFAULT_MOCK_MODELS });
  const server: Server = createServer((request, response) => {
    handler.handle(request, response).catch(() => {
      // A client that disconnects mid-answer is normal for a fault-injecting server.
      if (!response.headersSent) response.writeHead(500);
      response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

  return {
    url,
    port,
    baseUrl: (api) => `${url}${api === 'gemini' ? '/v1beta' : '/v1'}`,
    script: (apiKey, fault) => scripts.script(apiKey, fault),
    reset: () => scripts.reset(),
    requests: (apiKey) => scripts.requests(apiKey),
    lastRequest: (apiKey) => scripts.lastRequest(apiKey),
    close: async () => {
      timers.cancelAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
