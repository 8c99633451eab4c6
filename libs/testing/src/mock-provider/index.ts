export { startMockProvider, type MockProvider, type MockProviderOptions } from './mock-provider.js';
export { ANY_KEY } from './key-scripts.js';
export { DEFAULT_MOCK_MODELS } from './model-lists.js';
export { DEFAULT_REPLY_WORDS, TOOL_TRIGGER } from './reply-plan.js';
export type { MockApi, MockFailure, MockFault, MockRateLimitHeaders, RecordedRequest } from './mock-types.js';
