import { describe, expect, it } from '@jest/globals';
import { type SseEvent, readSseEvents } from './sse.js';

async function eventsOf(...chunks: string[]): Promise<SseEvent[]> {
  const encoder = new TextEncoder();
  async function* body() {
    for (const chunk of chunks) yield encoder.encode(chunk);
  }
  const events: SseEvent[] = [];
  for await (const event of readSseEvents(body())) events.push(event);
  return events;
}

describe('readSseEvents', () => {
  it('yields the data of each event, whatever the line endings', async () => {
    expect(await eventsOf('data: {"a":1}\n\ndata: {"b":2}\r\n\r\ndata: [DONE]\r\r')).toEqual([
      { event: undefined, data: '{"a":1}' },
      { event: undefined, data: '{"b":2}' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('joins events split anywhere across chunks, a CRLF or a multi-byte character included', async () => {
    const text = 'data: {"text":"héllo ✓"}\r\n\r\ndata: [DONE]\r\n\r\n';
    const bytes = new TextEncoder().encode(text);
    const decoder = new TextDecoder();
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const events: SseEvent[] = [];
      async function* body() {
        yield bytes.slice(0, cut);
        yield bytes.slice(cut);
      }
      for await (const event of readSseEvents(body())) events.push(event);
      expect(events.map((event) => event.data)).toEqual(['{"text":"héllo ✓"}', '[DONE]']);
    }
    expect(decoder.decode(bytes)).toBe(text);
  });

  it('joins multi-line data, keeps event names, and skips comments and unknown fields', async () => {
    expect(
      await eventsOf(': keep-alive\n\n', 'event: error\ndata: line one\ndata:line two\nid: 7\nretry: 10\n\n'),
    ).toEqual([{ event: 'error', data: 'line one\nline two' }]);
  });

  it('keeps only the first space after the colon and ignores events without data', async () => {
    expect(await eventsOf('data:  two spaces\n\nevent: ping\n\n')).toEqual([
      { event: undefined, data: ' two spaces' },
    ]);
  });

  it('still delivers a last event that the body ended without its blank line', async () => {
    expect(await eventsOf('data: {"a":1}\n\ndata: [DONE]')).toEqual([
      { event: undefined, data: '{"a":1}' },
      { event: undefined, data: '[DONE]' },
    ]);
    expect(await eventsOf('data: [DONE]\n')).toEqual([{ event: undefined, data: '[DONE]' }]);
  });
});
