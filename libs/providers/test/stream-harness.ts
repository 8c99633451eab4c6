import type { StreamTranslator } from '../src/streaming/stream-translator.js';

/** Feeds an upstream body to a translator in pieces of the given sizes (cycled), as bytes. */
export function translateInPieces(
  translator: StreamTranslator,
  body: string,
  pieceSizes: number[] = [1_000_000],
): string {
  const bytes = Buffer.from(body, 'utf8');
  const output: Buffer[] = [];
  let offset = 0;
  let turn = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, pieceSizes[turn++ % pieceSizes.length] ?? 1);
    output.push(Buffer.from(translator.push(bytes.subarray(offset, offset + size))));
    offset += size;
  }
  output.push(Buffer.from(translator.finish()));
  return Buffer.concat(output).toString('utf8');
}

/** A `fetch` that answers every call with the given SSE body, for pointing an official SDK at translated output. */
export function fetchReturningStream(body: string): typeof fetch {
  return async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** The `data:` payloads of an SSE body, in order. */
export function dataLines(body: string): string[] {
  return body
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length));
}
