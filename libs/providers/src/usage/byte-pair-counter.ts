import { BytePairRanks } from './byte-pair-ranks.js';

/**
 * Counts the tokens a byte-pair tokenizer would produce, as tiktoken does: the text is split into pieces by the
 * encoding's pattern, each piece is encoded as UTF-8, and a piece that is not one token is merged pair by pair,
 * lowest rank first (the leftmost pair on a tie), until no adjacent pair is in the vocabulary.
 *
 * Special tokens (`<|endoftext|>` and the like) are counted as the plain text they are spelled with, which is how
 * a provider counts them in a user's message.
 */
export class BytePairCounter {
  private readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(0);
  /** Where each part of the piece being merged starts, and the rank of the part with its right neighbour. */
  private partStart = new Int32Array(0);
  private partRank = new Int32Array(0);

  constructor(
    private readonly ranks: BytePairRanks,
    /** The encoding's pre-tokenization pattern; global and unicode. */
    private readonly pieces: RegExp,
  ) {}

  count(text: string): number {
    const pieces = this.pieces;
    pieces.lastIndex = 0;
    let total = 0;
    for (let match = pieces.exec(text); match !== null; match = pieces.exec(text)) {
      if (match[0].length === 0) {
        pieces.lastIndex += 1;
        continue;
      }
      total += this.countPiece(match[0]);
    }
    return total;
  }

  private countPiece(piece: string): number {
    if (this.bytes.length < piece.length * 3) this.bytes = new Uint8Array(piece.length * 3);
    const length = this.encoder.encodeInto(piece, this.bytes).written;
    if (length === 1 || this.ranks.rankOf(this.bytes, 0, length) !== BytePairRanks.NONE) return 1;
    return this.merge(length);
  }

  private merge(length: number): number {
    if (this.partStart.length < length + 1) {
      this.partStart = new Int32Array(length + 1);
      this.partRank = new Int32Array(length + 1);
    }
    const start = this.partStart;
    const rank = this.partRank;
    for (let index = 0; index <= length; index++) start[index] = index;
    let parts = length + 1;
    for (let index = 0; index < parts - 1; index++) rank[index] = this.pairRank(index, parts);
    for (;;) {
      let lowest = BytePairRanks.NONE;
      let at = -1;
      for (let index = 0; index < parts - 1; index++)
        if (rank[index]! < lowest) {
          lowest = rank[index]!;
          at = index;
        }
      if (at === -1) return parts - 1;
      start.copyWithin(at + 1, at + 2, parts);
      rank.copyWithin(at + 1, at + 2, parts);
      parts -= 1;
      rank[at] = this.pairRank(at, parts);
      if (at > 0) rank[at - 1] = this.pairRank(at - 1, parts);
    }
  }

  /** The rank of part `index` merged with the next one, or NONE when there is no next one or no such token. */
  private pairRank(index: number, parts: number): number {
    if (index + 2 >= parts) return BytePairRanks.NONE;
    return this.ranks.rankOf(this.bytes, this.partStart[index]!, this.partStart[index + 2]!);
  }
}
