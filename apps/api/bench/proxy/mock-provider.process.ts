// The mock provider on its own event loop, healthy for every key: the upstream all three targets share.
import { startMockProvider } from '@switchyard/testing';
import { serveUntilStopped } from './child-process.js';

export interface MockReady {
  url: string;
  openAiBaseUrl: string;
}

const mock = await startMockProvider();
serveUntilStopped({ url: mock.url, openAiBaseUrl: mock.baseUrl('openai') } satisfies MockReady, () =>
  mock.close(),
);
