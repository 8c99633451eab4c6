import { constants } from 'node:fs';
import { appendFile, mkdir, open, readdir, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** How one kind of record is written to and read from its log. */
export interface WriteAheadCodec<T> {
  /** Written with every record, so a newer build can still read what an older one left. */
  readonly version: number;
  encode(record: T): unknown;
  /** Throws on a version or shape it cannot read. */
  decode(version: number, data: unknown): T;
}

/** What a replay did: records applied, and the files where lines it could not read were set aside. */
export interface ReplayReport {
  records: number;
  unreadable: string[];
}

const SEGMENT = /^(.+)-(\d{12})\.wal$/;

/** JSON keeps money exact as `"123n"` strings; bigint is what every amount is in memory. */
export const bigintReplacer = (_key: string, value: unknown) =>
  typeof value === 'bigint' ? `${value}n` : value;
export const bigintReviver = (_key: string, value: unknown) =>
  typeof value === 'string' && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value;

/**
 * An append-only log of records that could not reach the database yet, in segment files
 * `<name>-<sequence>.wal` of one directory. Each record is one line `{"v":<version>,"d":<data>}`; each append is
 * one write followed by an fsync, so an append that resolved survives a crash, and a crash during an append leaves
 * at most a torn last line, which is skipped.
 *
 * Replay first seals the segment being appended to (new appends go to the next one), then applies the sealed
 * segments oldest first and deletes each only once all of it was applied. A crash at any point leaves the
 * unfinished segments in place, and the next replay (at the latest, the next start) reads them again: the records
 * must be idempotent to apply, which is what makes this safe.
 */
export class WriteAheadLog<T> {
  private active: { handle: FileHandle; sequence: number } | undefined;
  private nextSequence = 1;
  private sealedBytes = 0;
  private activeBytes = 0;
  /** Appends and seals run one at a time, in order. */
  private chain: Promise<unknown> = Promise.resolve();
  private replaying: Promise<ReplayReport> | undefined;

  constructor(
    readonly directory: string,
    readonly name: string,
    private readonly codec: WriteAheadCodec<T>,
  ) {}

  /** Creates the directory and finds the segments a previous run left; call once before anything else. */
  async open(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const segments = await this.segments();
    this.nextSequence = (segments.at(-1)?.sequence ?? 0) + 1;
    this.sealedBytes = 0;
    for (const segment of segments) this.sealedBytes += (await stat(segment.file)).size;
  }

  /** Bytes on disk waiting to be replayed. */
  get bytes(): number {
    return this.sealedBytes + this.activeBytes;
  }

  get empty(): boolean {
    return this.bytes === 0;
  }

  /** Appends the records as one write and fsyncs it; resolves once they are on disk. */
  append(records: readonly T[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    const text = records
      .map(
        (record) =>
          `{"v":${this.codec.version},"d":${JSON.stringify(this.codec.encode(record), bigintReplacer)}}\n`,
      )
      .join('');
    return this.serialized(async () => {
      const active = await this.activeSegment();
      try {
        await active.handle.write(text);
        await active.handle.datasync();
      } catch (error) {
        // A write that failed halfway (a full disk) may have left part of a line: it must stay the last one of its
        // segment, where a replay skips it as torn.
        await this.seal().catch(() => undefined);
        throw error;
      }
      this.activeBytes += Buffer.byteLength(text);
    });
  }

  /**
   * Applies every record written so far, in order, in chunks of `chunkSize`, through `apply`, which must be
   * idempotent. Rejects with the first error of `apply`, leaving what was not fully applied for the next replay.
   * Concurrent calls share one replay.
   */
  replay(apply: (records: T[]) => Promise<void>, chunkSize = 1000): Promise<ReplayReport> {
    this.replaying ??= this.replayAll(apply, chunkSize).finally(() => (this.replaying = undefined));
    return this.replaying;
  }

  /** Closes the segment being appended to. */
  close(): Promise<void> {
    return this.serialized(() => this.seal());
  }

  private async replayAll(apply: (records: T[]) => Promise<void>, chunkSize: number): Promise<ReplayReport> {
    await this.serialized(() => this.seal());
    const report: ReplayReport = { records: 0, unreadable: [] };
    for (const segment of await this.segments()) {
      const { records, unreadable } = await this.read(segment.file);
      if (unreadable.length > 0) {
        // Kept for an operator rather than dropped, and never read again.
        const aside = `${segment.file}.unreadable`;
        await appendFile(aside, unreadable.join('\n') + '\n');
        report.unreadable.push(aside);
      }
      for (let start = 0; start < records.length; start += chunkSize)
        await apply(records.slice(start, start + chunkSize));
      await unlink(segment.file);
      await this.syncDirectory();
      this.sealedBytes -= segment.size;
      report.records += records.length;
    }
    return report;
  }

  private serialized<R>(task: () => Promise<R>): Promise<R> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async activeSegment(): Promise<{ handle: FileHandle; sequence: number }> {
    if (this.active) return this.active;
    const sequence = this.nextSequence;
    this.nextSequence += 1;
    const handle = await open(
      this.fileOf(sequence),
      constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND,
      0o600,
    );
    // The new file's name must survive a crash too, not just its contents.
    await this.syncDirectory();
    this.active = { handle, sequence };
    this.activeBytes = 0;
    return this.active;
  }

  private async seal(): Promise<void> {
    if (!this.active) return;
    const { handle } = this.active;
    this.active = undefined;
    this.sealedBytes += this.activeBytes;
    this.activeBytes = 0;
    await handle.close();
  }

  private async segments(): Promise<{ file: string; sequence: number; size: number }[]> {
    const active = this.active?.sequence;
    const found: { file: string; sequence: number; size: number }[] = [];
    for (const entry of await readdir(this.directory)) {
      const match = SEGMENT.exec(entry);
      if (!match || match[1] !== this.name) continue;
      const sequence = Number(match[2]);
      if (sequence === active) continue;
      const file = path.join(this.directory, entry);
      found.push({ file, sequence, size: (await stat(file)).size });
    }
    return found.sort((a, b) => a.sequence - b.sequence);
  }

  /**
   * The records of one segment, and the lines that could not be read. A torn last line (a crash during its
   * append, which therefore never resolved) is skipped; anything else unreadable is reported.
   */
  private async read(file: string): Promise<{ records: T[]; unreadable: string[] }> {
    const lines = (await readFile(file, 'utf8')).split('\n');
    const last = lines.pop();
    const records: T[] = [];
    const unreadable: string[] = [];
    const parse = (line: string) => {
      const { v, d } = JSON.parse(line, bigintReviver) as { v: unknown; d: unknown };
      if (typeof v !== 'number') throw new Error('a record without a version');
      return this.codec.decode(v, d);
    };
    for (const line of lines) {
      if (line === '') continue;
      try {
        records.push(parse(line));
      } catch {
        unreadable.push(line);
      }
    }
    if (last) {
      try {
        records.push(parse(last));
      } catch {
        // Torn by a crash mid-append.
      }
    }
    return { records, unreadable };
  }

  private fileOf(sequence: number): string {
    return path.join(this.directory, `${this.name}-${String(sequence).padStart(12, '0')}.wal`);
  }

  private async syncDirectory(): Promise<void> {
    const handle = await open(this.directory, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
