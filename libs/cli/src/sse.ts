export interface SseEvent {
  /** The `event:` field, when the server named the event. */
  event: string | undefined;
  /** The `data:` lines of the event, joined with newlines. */
  data: string;
}

/**
 * Splits a `text/event-stream` body into events, following the WHATWG parsing rules for the fields the gateway
 * sends (`data:`, `event:`, `:` comments), with any of CRLF, LF or CR ending a line. Unlike a browser, an event
 * left without its closing blank line at the end of the body is still delivered.
 */
export async function* readSseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const event = new PendingEvent();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let lineEnd: RegExpExecArray | null;
    while ((lineEnd = /\r\n|\r|\n/.exec(buffer)) !== null) {
      // A CR that ends the buffer may be the first half of a CRLF split across chunks.
      if (lineEnd[0] === '\r' && lineEnd.index === buffer.length - 1) break;
      const dispatched = event.takeLine(buffer.slice(0, lineEnd.index));
      buffer = buffer.slice(lineEnd.index + lineEnd[0].length);
      if (dispatched) yield dispatched;
    }
  }
  buffer += decoder.decode();
  for (const line of buffer.split(/\r\n|\r|\n/)) {
    const dispatched = event.takeLine(line);
    if (dispatched) yield dispatched;
  }
  const last = event.takeLine('');
  if (last) yield last;
}

class PendingEvent {
  private name: string | undefined;
  private data: string[] = [];

  /** Returns the finished event when the line is the blank line that ends it. */
  takeLine(line: string): SseEvent | undefined {
    if (line === '') {
      const finished = this.data.length > 0 ? { event: this.name, data: this.data.join('\n') } : undefined;
      this.name = undefined;
      this.data = [];
      return finished;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const rawValue = colon === -1 ? '' : line.slice(colon + 1);
    const value = rawValue.startsWith(' ') ? rawValue.slice(1) : rawValue;
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.name = value;
    return undefined;
  }
}
