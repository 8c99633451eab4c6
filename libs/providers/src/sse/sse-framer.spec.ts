import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SseFramer } from './sse-framer.js';
import { parseSseEvent } from './sse-event.js';
import { SseParser } from './sse-parser.js';

function frameAll(chunks: (Buffer | string)[]): string[] {
  const framer = new SseFramer();
  const frames = chunks.flatMap((chunk) => framer.push(chunk).map((frame) => frame.toString('utf8')));
  const rest = framer.flush();
  return rest ? [...frames, rest.toString('utf8')] : frames;
}

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const sorted = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const cut of sorted) {
    pieces.push(bytes.subarray(start, cut));
    start = cut;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

describe('SseFramer', () => {
  it('cuts events at blank lines and keeps the bytes of each event intact', () => {
    expect(frameAll(['data: a\n\ndata: b\n\n'])).toEqual(['data: a\n\n', 'data: b\n\n']);
  });

  it('holds back an incomplete event until its blank line arrives', () => {
    const framer = new SseFramer();
    expect(framer.push('data: {"a"')).toEqual([]);
    expect(framer.push(':1}\n')).toEqual([]);
    expect(framer.push('\n').map(String)).toEqual(['data: {"a":1}\n\n']);
  });

  it('accepts \\r\\n and \\r line endings, including a \\r\\n split between chunks', () => {
    expect(frameAll(['event: x\r\ndata: 1\r\n\r\n'])).toEqual(['event: x\r\ndata: 1\r\n\r\n']);
    expect(frameAll(['data: 1\r\r'])).toEqual(['data: 1\r\r']);
    const split = frameAll(['data: 1\r\n\r', '\ndata: 2\r\n\r\n']);
    expect(split.map((frame) => parseSseEvent(frame)?.data)).toEqual(['1', '2']);
  });

  it('returns events as slices of one buffer so they can be forwarded without copying', () => {
    const framer = new SseFramer();
    const chunk = Buffer.from('data: a\n\ndata: b\n\n');
    const [first, second] = framer.push(chunk);
    expect(first?.buffer).toBe(chunk.buffer);
    expect(second?.byteOffset).toBe(chunk.byteOffset + 9);
  });

  it('finds the same events however the byte stream is split, multi-byte characters included', () => {
    const stream = Buffer.from(
      'event: a\ndata: {"t":"héllo 世界 🚀"}\n\n:comment\n\ndata: x\r\ndata: y\r\n\r\ndata: [DONE]\n\n',
      'utf8',
    );
    const expected = frameAll([stream]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 12 }), (cuts) => {
        const frames = frameAll(splitAt(stream, cuts));
        const events = frames.map((frame) => parseSseEvent(frame)).filter(Boolean);
        expect(events).toEqual(expected.map((frame) => parseSseEvent(frame)).filter(Boolean));
        expect(frames.join('')).toBe(stream.toString('utf8'));
      }),
    );
  });
});

describe('parseSseEvent', () => {
  it('reads the event name, joins data lines and ignores comments and unknown fields', () => {
    expect(
      parseSseEvent(': keep-alive\nevent: message_start\nid: 7\nretry: 10\ndata: {"a":\ndata: 1}\n\n'),
    ).toEqual({
      event: 'message_start',
      id: '7',
      data: '{"a":\n1}',
    });
  });

  it('strips only one space after the colon and accepts fields without one', () => {
    expect(parseSseEvent('data:x\n\n')?.data).toBe('x');
    expect(parseSseEvent('data:  x\n\n')?.data).toBe(' x');
  });

  it('ignores events that carry neither data nor a name', () => {
    expect(parseSseEvent(': ping\n\n')).toBeUndefined();
    expect(parseSseEvent('\n')).toBeUndefined();
  });
});

describe('SseParser', () => {
  it('delivers an event the stream ended without a blank line for', () => {
    const parser = new SseParser();
    expect(parser.push('data: 1\n\ndata: 2')).toEqual([{ data: '1' }]);
    expect(parser.finish()).toEqual([{ data: '2' }]);
  });

  it('decodes a character split across chunks', () => {
    const bytes = Buffer.from('data: 世\n\n', 'utf8');
    const parser = new SseParser();
    expect(parser.push(bytes.subarray(0, 7))).toEqual([]);
    expect(parser.push(bytes.subarray(7))).toEqual([{ data: '世' }]);
  });
});
