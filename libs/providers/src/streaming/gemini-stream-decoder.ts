import { asArray, asNumber, asRecord, asString, isRecord, tryParseJson } from '../shared/json.js';
import { generateId, unixSeconds } from '../shared/ids.js';
import { finishReasonFromGemini } from '../responses/finish-reasons.js';
import { readGeminiParts } from '../responses/gemini-response.js';
import { usageFromGemini } from '../usage/normalized-usage.js';
import type { ChatStreamEvent, UpstreamStreamDecoder } from './chat-stream-event.js';

/**
 * Decodes `streamGenerateContent?alt=sse`: every event is a whole `GenerateContentResponse` holding the next piece
 * of each candidate. Function calls arrive complete in one event. There is no terminal marker: the stream is
 * complete once a candidate carries a finish reason.
 */
export class GeminiStreamDecoder implements UpstreamStreamDecoder {
  private started = false;
  private finished = false;
  private readonly toolCallCounts = new Map<number, number>();

  constructor(private readonly model: string) {}

  get complete(): boolean {
    return this.finished;
  }

  decode(data: string): ChatStreamEvent[] {
    const response = tryParseJson(data);
    if (!isRecord(response)) return [];
    if (response.error !== undefined) return [{ type: 'error', body: response }];
    const events: ChatStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({
        type: 'start',
        id: `chatcmpl-${asString(response.responseId) ?? generateId('')}`,
        model: asString(response.modelVersion) ?? this.model,
        created: unixSeconds(),
      });
    }
    asArray(response.candidates).forEach((value, position) =>
      this.decodeCandidate(asRecord(value), position, events),
    );
    if (
      isRecord(response.promptFeedback) &&
      response.promptFeedback.blockReason !== undefined &&
      !this.finished
    ) {
      this.finished = true;
      events.push({ type: 'finish', choice: 0, reason: 'content_filter' });
    }
    const usage = usageFromGemini(response.usageMetadata);
    if (usage) events.push({ type: 'usage', usage });
    return events;
  }

  private decodeCandidate(
    candidate: Record<string, unknown>,
    position: number,
    events: ChatStreamEvent[],
  ): void {
    const choice = asNumber(candidate.index) ?? position;
    const { text, toolCalls } = readGeminiParts(candidate.content);
    if (text) events.push({ type: 'text', choice, text });
    let toolCount = this.toolCallCounts.get(choice) ?? 0;
    for (const call of toolCalls) {
      events.push({ type: 'tool_call_start', choice, index: toolCount, id: call.id, name: call.name });
      events.push({ type: 'tool_call_arguments', choice, index: toolCount, delta: call.arguments });
      toolCount++;
    }
    this.toolCallCounts.set(choice, toolCount);
    const reason = finishReasonFromGemini(candidate.finishReason, toolCount > 0);
    if (reason) {
      this.finished = true;
      events.push({ type: 'finish', choice, reason });
    }
  }
}
