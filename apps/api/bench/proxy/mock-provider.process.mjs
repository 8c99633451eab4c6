// The mock provider on its own event loop, healthy for every key: the upstream both proxies share.
import { startMockProvider } from '@switchyard/testing';
import { serveUntilStopped } from './serve-until-stopped.mjs';

const mock = await startMockProvider();
serveUntilStopped({ url: mock.url, openAiBaseUrl: mock.baseUrl('openai') }, () => mock.close());
