import type { MockFailure, MockRateLimitHeaders } from '../mock-types.js';
import type { ChatRequestSummary, ReplyPlan } from '../reply-plan.js';

export interface ErrorAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One provider's chat wire format, as the mock speaks it. */
export interface MockWireFormat {
  /** Reads a chat request, or says why the real provider would reject it. */
  summarize(body: unknown, model: string): ChatRequestSummary | ErrorAnswer;
  completion(plan: ReplyPlan, id: string, request?: unknown): unknown;
  /** The stream as SSE event strings, one per chunk. */
  streamEvents(plan: ReplyPlan, id: string, request: unknown): string[];
  failure(
    failure: Exclude<MockFailure, { type: 'hang' | 'drop_mid_stream' | 'error_mid_stream' | 'status' }>,
    model: string,
  ): ErrorAnswer;
  rateLimitHeaders(values: MockRateLimitHeaders): Record<string, string>;
}

export function isErrorAnswer(value: ChatRequestSummary | ErrorAnswer): value is ErrorAnswer {
  return 'status' in value;
}

export const sseData = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;
export const sseEvent = (type: string, payload: Record<string, unknown>): string =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
