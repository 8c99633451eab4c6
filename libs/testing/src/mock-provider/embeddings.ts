import { createHash } from 'node:crypto';

export const DEFAULT_EMBEDDING_DIMENSIONS = 8;

/** A unit vector derived from the text's hash: the same text always embeds the same way. */
export function embedText(text: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  const values: number[] = [];
  let block = createHash('sha256').update(text).digest();
  while (values.length < dimensions) {
    for (let offset = 0; offset + 2 <= block.length && values.length < dimensions; offset += 2) {
      values.push(block.readUInt16LE(offset) / 32767.5 - 1);
    }
    block = createHash('sha256').update(block).digest();
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => value / norm);
}

export function toBase64Floats(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}
