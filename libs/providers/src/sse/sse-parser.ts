import { parseSseEvent, type SseEvent } from './sse-event.js';
import { SseFramer } from './sse-framer.js';

/** Incremental SSE parser: feed it chunks split anywhere, get whole events back. */
export class SseParser {
  private readonly framer = new SseFramer();

  push(chunk: Buffer | string): SseEvent[] {
    return toEvents(this.framer.push(chunk));
  }

  /** Upstreams sometimes close without the final blank line; the last event is still delivered. */
  finish(): SseEvent[] {
    const rest = this.framer.flush();
    return rest ? toEvents([rest]) : [];
  }
}

function toEvents(frames: Buffer[]): SseEvent[] {
  const events: SseEvent[] = [];
  for (const frame of frames) {
    const event = parseSseEvent(frame);
    if (event) events.push(event);
  }
  return events;
}
