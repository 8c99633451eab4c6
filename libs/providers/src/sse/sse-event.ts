export interface SseEvent {
  /** The `event:` field; undefined means the default `message` event. */
  event?: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  id?: string;
}

/**
 * Parses the fields of one framed event. Comment lines (`:`) and unknown fields are ignored. Returns undefined for
 * events that carry neither data nor an event name (keep-alive comments, stray blank lines).
 */
export function parseSseEvent(raw: Buffer | string): SseEvent | undefined {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  let eventName: string | undefined;
  let id: string | undefined;
  let data: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.length === 0 || line.charCodeAt(0) === 0x3a) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (field === 'event') eventName = value;
    else if (field === 'id') id = value;
  }
  if (data === undefined && eventName === undefined) return undefined;
  const event: SseEvent = { data: data ?? '' };
  if (eventName !== undefined) event.event = eventName;
  if (id !== undefined) event.id = id;
  return event;
}

export function formatSseData(data: string): string {
  return `data: ${data}\n\n`;
}

export function formatSseEvent(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}
