import { formatStreamError, type ClientError } from '../errors/client-errors.js';
import { failureFromStreamError } from '../errors/upstream-errors.js';
import { asRecord, isRecord, tryParseJson, type JsonObject } from '../shared/json.js';
import { parseSseEvent } from '../sse/sse-event.js';
import { usageFromAnthropic } from '../usage/normalized-usage.js';
import { AnthropicStreamDecoder, mergeAnthropicUsage } from './anthropic-stream-decoder.js';
import type { UpstreamStreamDecoder } from './chat-stream-event.js';
import { PassthroughStream } from './passthrough-stream.js';
import type { StreamContext } from './stream-translator.js';

/** Only these events matter for accounting; every other event is forwarded without being decoded. */
const INSPECTED_EVENTS = /^\s*event:\s?(message_start|message_delta|message_stop|error)\s*$/m;
/** Enough bytes to hold the `event:` line of any Anthropic event. */
const EVENT_LINE_PROBE_LENGTH = 48;

/** Anthropic upstream to Anthropic client: forwarded unchanged, with usage read from `message_start`/`message_delta`. */
export class AnthropicPassthroughStream extends PassthroughStream {
  private readonly usageSoFar: JsonObject = {};
  private stopped = false;

  constructor(private readonly context: StreamContext) {
    super(() => context.estimatePromptTokens());
  }

  protected get upstreamComplete(): boolean {
    return this.stopped;
  }

  protected streamError(error: ClientError): string {
    return formatStreamError('anthropic', error);
  }

  protected estimationDecoder(): UpstreamStreamDecoder {
    return new AnthropicStreamDecoder(this.context.model);
  }

  protected inspect(frame: Buffer): boolean {
    const name = INSPECTED_EVENTS.exec(
      frame.toString('latin1', 0, Math.min(frame.length, EVENT_LINE_PROBE_LENGTH)),
    )?.[1];
    if (name === undefined) return false;
    if (name === 'message_stop') {
      this.stopped = true;
      return false;
    }
    const event = parseSseEvent(frame);
    const data = event ? tryParseJson(event.data) : undefined;
    if (!isRecord(data)) return false;
    if (name === 'error') {
      this.recordUpstreamError(failureFromStreamError(data));
      return false;
    }
    mergeAnthropicUsage(
      this.usageSoFar,
      name === 'message_start' ? asRecord(data.message).usage : data.usage,
    );
    const usage = usageFromAnthropic(this.usageSoFar);
    if (usage) this.tracker.report(usage);
    return false;
  }
}
