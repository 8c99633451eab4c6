/**
 * A byte-pair vocabulary in the `.tiktoken` format (one `base64-token rank` line per token), held in three typed
 * arrays: the tokens' bytes end to end, where each token starts, and an open-addressing hash table from a token's
 * bytes to its index. For o200k_base that is about 5 MB outside the JavaScript heap, where a `Map` of 200,000
 * strings (what gpt-tokenizer builds) holds about 15 MB of heap and leaves as much again of native memory behind.
 */
export class BytePairRanks {
  /** The rank of a byte sequence that is not in the vocabulary: above every real rank, so never the lowest. */
  static readonly NONE = 0x7fffffff;

  private constructor(
    private readonly tokenBytes: Uint8Array,
    /** Token i's bytes are tokenBytes[tokenStart[i], tokenStart[i + 1]). */
    private readonly tokenStart: Uint32Array,
    private readonly tokenRank: Uint32Array,
    /** Token index + 1 by hash of its bytes; 0 is an empty slot. */
    private readonly slots: Uint32Array,
  ) {}

  /** Reads a `.tiktoken` file's contents. Throws on a line that is not `base64 rank`, naming the line. */
  static parse(file: Uint8Array): BytePairRanks {
    const { lines, decodedBytes } = measure(file);
    const tokenBytes = new Uint8Array(decodedBytes);
    const tokenStart = new Uint32Array(lines + 1);
    const tokenRank = new Uint32Array(lines);
    let written = 0;
    let count = 0;
    let position = 0;
    while (position < file.length) {
      const lineEnd = indexOf(file, NEWLINE, position);
      if (lineEnd > position) {
        const space = indexOf(file, SPACE, position);
        if (space >= lineEnd) throw new Error(`byte-pair ranks: line ${count + 1} has no rank`);
        tokenStart[count] = written;
        written = decodeBase64(file, position, space, tokenBytes, written, count + 1);
        tokenRank[count] = parseRank(file, space + 1, lineEnd, count + 1);
        count += 1;
      }
      position = lineEnd + 1;
    }
    tokenStart[count] = written;
    const ranks = new BytePairRanks(
      tokenBytes,
      tokenStart.subarray(0, count + 1),
      tokenRank.subarray(0, count),
      new Uint32Array(tableSize(count)),
    );
    for (let index = 0; index < count; index++) ranks.insert(index);
    return ranks;
  }

  get size(): number {
    return this.tokenRank.length;
  }

  /** The rank of bytes[start, end), or NONE. */
  rankOf(bytes: Uint8Array, start: number, end: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash(bytes, start, end) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return BytePairRanks.NONE;
      if (this.holds(entry - 1, bytes, start, end)) return this.tokenRank[entry - 1]!;
    }
  }

  private insert(index: number): void {
    const start = this.tokenStart[index]!;
    const end = this.tokenStart[index + 1]!;
    const mask = this.slots.length - 1;
    let slot = hash(this.tokenBytes, start, end) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index + 1;
  }

  private holds(index: number, bytes: Uint8Array, start: number, end: number): boolean {
    const tokenStart = this.tokenStart[index]!;
    if (this.tokenStart[index + 1]! - tokenStart !== end - start) return false;
    for (let offset = 0; offset < end - start; offset++)
      if (this.tokenBytes[tokenStart + offset] !== bytes[start + offset]) return false;
    return true;
  }
}

const NEWLINE = 0x0a;
const SPACE = 0x20;

/** An upper bound of the lines, and the bytes the base64 tokens decode to, so that nothing is allocated twice. */
function measure(file: Uint8Array): { lines: number; decodedBytes: number } {
  let lines = 1;
  let decodedBytes = 0;
  let base64Chars = 0;
  let inToken = true;
  for (let index = 0; index < file.length; index++) {
    const byte = file[index];
    if (byte === NEWLINE) {
      lines++;
      decodedBytes += Math.floor((base64Chars * 6) / 8);
      base64Chars = 0;
      inToken = true;
    } else if (byte === SPACE || byte === 0x3d) inToken = false;
    else if (inToken) base64Chars++;
  }
  return { lines, decodedBytes: decodedBytes + Math.floor((base64Chars * 6) / 8) };
}

function indexOf(file: Uint8Array, byte: number, from: number): number {
  const found = file.indexOf(byte, from);
  return found === -1 ? file.length : found;
}

/** At most half full, so that a probe for a missing sequence (most probes are) ends within a slot or two. */
function tableSize(entries: number): number {
  let size = 1;
  while (size < entries * 2) size *= 2;
  return size;
}

/** FNV-1a, 32 bits. */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let value = 0x811c9dc5;
  for (let index = start; index < end; index++) value = Math.imul(value ^ bytes[index]!, 0x01000193);
  return value >>> 0;
}

function parseRank(file: Uint8Array, start: number, end: number, line: number): number {
  let rank = 0;
  if (end > start && file[end - 1] === 0x0d) end -= 1;
  if (end === start) throw new Error(`byte-pair ranks: line ${line} has no rank`);
  for (let index = start; index < end; index++) {
    const digit = file[index]! - 0x30;
    if (digit < 0 || digit > 9)
      throw new Error(`byte-pair ranks: line ${line} has a rank that is not a number`);
    rank = rank * 10 + digit;
  }
  if (rank >= BytePairRanks.NONE) throw new Error(`byte-pair ranks: line ${line} has a rank out of range`);
  return rank;
}

const BASE64_VALUES = (() => {
  const values = new Int8Array(256).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let index = 0; index < alphabet.length; index++) values[alphabet.charCodeAt(index)] = index;
  return values;
})();

function decodeBase64(
  file: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  written: number,
  line: number,
): number {
  let bits = 0;
  let bitCount = 0;
  for (let index = start; index < end; index++) {
    const byte = file[index]!;
    if (byte === 0x3d) break; // '=' padding ends the token
    const value = BASE64_VALUES[byte]!;
    if (value < 0) throw new Error(`byte-pair ranks: line ${line} is not base64`);
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[written++] = (bits >> bitCount) & 0xff;
    }
  }
  return written;
}
