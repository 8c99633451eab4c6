import { formatStreamError, type ClientError } from '../errors/client-errors.js';
import { failureFromStreamError } from '../errors/upstream-errors.js';
import { lastKeyHasNonNullValue } from '../shared/json-scan.js';
import { asRecord, isRecord, tryParseJson } from '../shared/json.js';
import { parseSseEvent } from '../sse/sse-event.js';
import { usageFromOpenAI } from '../usage/normalized-usage.js';
import type { UpstreamStreamDecoder } from './chat-stream-event.js';
import { OpenAIStreamDecoder } from './openai-stream-decoder.js';
import { firstInspectedMarker, trailingUsageOnly } from './openai-stream-probes.js';
import { PassthroughStream } from './passthrough-stream.js';
import type { StreamContext } from './stream-translator.js';

const USAGE_KEY = '"usage"';
const FINISH_REASON_KEY = '"finish_reason"';
/** Upstream errors open their event (`data: {"error"…`, or an `event: error` line): anchored, so it fails fast. */
const ERROR_EVENT_START = /^\s*(?:event:\s?error|data:\s?\{\s*"error")/;
const DONE = '[DONE]';
/** `data: [DONE]` plus line endings; a longer event containing `[DONE]` is content, not the terminator. */
const MAX_DONE_EVENT_LENGTH = 24;

/**
 * OpenAI-format upstream to OpenAI client. The usage chunk (injected through `stream_options`) is read for
 * accounting and forwarded only if the client asked for it.
 */
export class OpenAIPassthroughStream extends PassthroughStream {
  private sawDone = false;
  /** Kept instead of scanning every event for `finish_reason`: only the last one can carry it. */
  private lastContentFrame: Buffer | undefined;

  constructor(private readonly context: StreamContext) {
    super(() => context.estimatePromptTokens());
  }

  protected get upstreamComplete(): boolean {
    if (this.sawDone) return true;
    return (
      this.lastContentFrame !== undefined &&
      lastKeyHasNonNullValue(this.lastContentFrame.toString('latin1'), FINISH_REASON_KEY)
    );
  }

  protected streamError(error: ClientError): string {
    return formatStreamError('openai', error);
  }

  protected estimationDecoder(): UpstreamStreamDecoder {
    return new OpenAIStreamDecoder(this.context.model);
  }

  protected override firstInspectedOffset(events: Buffer): number {
    return firstInspectedMarker(events.toString('latin1'));
  }

  protected override passedOver(frame: Buffer): void {
    this.lastContentFrame = frame;
  }

  protected inspect(frame: Buffer): boolean {
    // latin1 maps each byte to one char, so this is a cheap copy that keeps ASCII keys searchable.
    const text = frame.toString('latin1');
    if (frame.length <= MAX_DONE_EVENT_LENGTH && text.includes(DONE)) {
      this.sawDone = true;
      return false;
    }
    if (ERROR_EVENT_START.test(text)) {
      const chunk = this.parse(frame);
      if (chunk.error !== undefined) this.recordUpstreamError(failureFromStreamError(chunk));
      return false;
    }
    if (!lastKeyHasNonNullValue(text, USAGE_KEY)) {
      this.lastContentFrame = frame;
      return false;
    }
    const closingUsage = usageFromOpenAI(trailingUsageOnly(frame, text));
    if (closingUsage) {
      this.tracker.report(closingUsage);
      return !this.context.clientWantsUsage;
    }
    const chunk = this.parse(frame);
    const usage = usageFromOpenAI(chunk.usage) ?? usageFromOpenAI(asRecord(chunk.x_groq).usage);
    if (usage) this.tracker.report(usage);
    const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
    if (!usageOnly) this.lastContentFrame = frame;
    return usageOnly && !this.context.clientWantsUsage;
  }

  private parse(frame: Buffer): Record<string, unknown> {
    const event = parseSseEvent(frame);
    const parsed = event ? tryParseJson(event.data) : undefined;
    return isRecord(parsed) ? parsed : {};
  }
}
