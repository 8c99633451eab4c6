import { existsSync } from 'node:fs';
import { appendFile, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { bigintReplacer, bigintReviver, WriteAheadLog } from '../../write-ahead/write-ahead-log.js';
import { CreditGate } from '../credits/credit-gate.js';
import { type UsageEventInput } from './usage-event.js';
import { usageEventCodec } from './usage-write-ahead.js';
import { rejectsRows, UsageRepository } from './usage.repository.js';

const BATCH_SIZE = 1000;
/** A batch write takes tens of milliseconds; one running this long when an interval ends is stuck. */
const STUCK_WRITE_MS = 200;
/** Events Postgres refused one by one: kept for an operator, never replayed, since they would fail again. */
const REJECTED_FILE = 'usage-rejected.ndjson';
/** The spill files of earlier releases, in the data directory: carried into the write-ahead file at start. */
const LEGACY_SPILL_FILES = ['usage-spill.ndjson.replaying', 'usage-spill.ndjson'];

const toJson = (event: UsageEventInput) => JSON.stringify(event, bigintReplacer);

/**
 * Usage events leave the request path through this bounded in-memory queue and reach Postgres in batches.
 *
 * Nothing served goes unrecorded. A batch the database fails to take (an error, a timeout) is appended to the
 * write-ahead file (`WriteAheadLog`, fsynced), and so is everything queued while the database stays unreachable,
 * once per flush interval; a write still running when the next interval starts counts as failed too. So a crash
 * loses at most the events of the last flush interval, whatever the database does. The file is replayed at start
 * and as soon as the database answers again; request ids are unique in the table, so a replay writes each event
 * once, even after a crash halfway through it. An event's charge to its budget periods lands with it (see
 * `UsageEventInput.chargedPeriodIds`), so whatever a crash loses, spend and usage lose together.
 *
 * Memory and disk are capped (`SWITCHYARD_USAGE_QUEUE_MAX`, `SWITCHYARD_SPILL_MAX_MB`); past both, `refusal`
 * names the reason and /v1 answers 503 rather than serve what cannot be recorded.
 */
@Injectable()
export class UsageRecorder
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private queue: UsageEventInput[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The run of writes in progress, one at a time. */
  private running: Promise<void> | undefined;
  /** The batch whose transaction is open; `spilled` once it was also written to the file. */
  private writing: { batch: UsageEventInput[]; spilled: boolean } | undefined;
  /** Whether the database took the last write. While it does not, events go to the file and only a replay probes. */
  private healthy = true;
  /** When the write in progress started. */
  private busySince = 0;
  private readonly stuckAfterMs: number;
  /** Why the file refused the last append (a full disk, say); cleared by the next append that succeeds. */
  private spillFailure: string | undefined;
  private stopped = false;
  private readonly wal: WriteAheadLog<UsageEventInput>;
  private readonly flushIntervalMs: number;
  private readonly maxQueued: number;
  private readonly maxSpillBytes: number;
  private readonly legacyDir: string;

  constructor(
    private readonly repository: UsageRepository,
    private readonly credit: CreditGate,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.wal = new WriteAheadLog(config.spillDir, 'usage', usageEventCodec);
    this.flushIntervalMs = config.usageFlushIntervalMs;
    this.stuckAfterMs = Math.min(STUCK_WRITE_MS, this.flushIntervalMs / 2);
    this.maxQueued = config.usageQueueMax;
    this.maxSpillBytes = config.spillMaxBytes;
    this.legacyDir = config.dataDir;
  }

  record(event: UsageEventInput): void {
    this.queue.push(event);
    if (this.queue.length >= this.maxQueued) void this.spill(this.takeAll());
    else if (this.queue.length >= BATCH_SIZE && this.healthy && this.running === undefined && !this.stopped)
      void this.run(() => this.writeQueued(0));
  }

  /** Events waiting in memory. */
  get pending(): number {
    return this.queue.length;
  }

  /** Bytes of events in the write-ahead file, waiting for the database. */
  get spilledBytes(): number {
    return this.wal.bytes;
  }

  /**
   * Why a new /v1 request cannot be recorded, or undefined when it can: memory is at its cap and the file cannot
   * take more (at its cap, or failing).
   */
  refusal(): string | undefined {
    if (this.queue.length < this.maxQueued) return undefined;
    if (this.spillFailure)
      return `usage cannot be recorded: the write-ahead file fails (${this.spillFailure})`;
    if (this.wal.bytes >= this.maxSpillBytes)
      return 'usage cannot be recorded: the database does not answer and the write-ahead file is full';
    return undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.wal.open();
    await this.adoptLegacySpill();
    if (!this.wal.empty) await this.replay();
    this.timer = setInterval(() => void this.tick(), this.flushIntervalMs);
    this.timer.unref();
  }

  /**
   * The graceful stop has drained /v1 by now, so every request's event is queued. They are written before the other
   * modules' shutdown hooks run: the credit gate then gives back what its leases still hold, the spend included.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  /** Whatever was recorded since (a request the server finished while closing) is written too. */
  async onApplicationShutdown(): Promise<void> {
    await this.drain();
    await this.wal.close();
  }

  /**
   * A write under way is waited for: it ends within the query deadline, and spilling it at once would leave rows
   * the database was about to take for the next start. What the database does not take is left in the file.
   */
  private async drain(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    if (this.healthy) await this.writeQueued(this.queue.length);
    await this.spill(this.takeAll());
  }

  /** Writes everything queued so far (to the database, else to the file), then replays the file if it can. */
  flush(): Promise<void> {
    return this.run(() => this.writeAndReplay());
  }

  /**
   * Every flush interval. A write that has run longer than `stuckAfterMs` when the interval ends is as good as
   * failed: what it holds and what waits behind it go to disk now. A younger one is looked at again once it is
   * that old, so nothing waits in memory much longer than one interval.
   */
  private tick(): void {
    if (this.stopped) return;
    if (this.running === undefined) void this.flush();
    else if (performance.now() - this.busySince >= this.stuckAfterMs) void this.spillStuckWrite();
    else setTimeout(() => this.tick(), this.stuckAfterMs).unref();
  }

  private run(task: () => Promise<void>): Promise<void> {
    const previous = this.running ?? Promise.resolve();
    const started = () => {
      this.busySince = performance.now();
      return task();
    };
    const current = previous.then(started).finally(() => {
      if (this.running === current) this.running = undefined;
    });
    this.running = current;
    return current;
  }

  private async writeAndReplay(): Promise<void> {
    if (!this.healthy) {
      await this.spill(this.takeAll());
      await this.replay();
      if (!this.healthy) return;
    }
    await this.writeQueued(this.queue.length);
    if (this.healthy && !this.wal.empty) await this.replay();
  }

  private async spillStuckWrite(): Promise<void> {
    const writing = this.writing;
    if (writing && !writing.spilled) {
      writing.spilled = true;
      await this.spill(writing.batch, { requeue: false });
    }
    await this.spill(this.takeAll());
  }

  /** Writes at least the first `owed` events, then as many full batches as are waiting; a failure spills. */
  private async writeQueued(owed: number): Promise<void> {
    while (this.healthy && (this.queue.length >= BATCH_SIZE || (owed > 0 && this.queue.length > 0))) {
      const batch = this.queue.splice(0, BATCH_SIZE);
      owed -= batch.length;
      const writing = { batch, spilled: false };
      this.writing = writing;
      try {
        await this.insertOrSetAside(batch);
      } catch (error) {
        this.unhealthy(error, 'usage batch write failed; spilling to the write-ahead file');
        if (!writing.spilled) await this.spill(batch);
        await this.spill(this.takeAll());
      } finally {
        this.writing = undefined;
      }
    }
  }

  /**
   * Writes a batch. One Postgres refuses (its rows, not the connection) is written event by event, so one bad event
   * cannot hold back the others forever; the events refused on their own go to the rejected file. Rejects when the
   * database fails for another reason, with nothing of the batch set aside.
   */
  private async insertOrSetAside(batch: UsageEventInput[]): Promise<void> {
    try {
      await this.credit.spendLanded(await this.repository.insertBatch(batch));
      return;
    } catch (error) {
      if (!rejectsRows(error)) throw error;
    }
    const rejected: { event: UsageEventInput; reason: string }[] = [];
    for (const event of batch) {
      try {
        await this.credit.spendLanded(await this.repository.insertBatch([event]));
      } catch (error) {
        if (!rejectsRows(error)) throw error;
        rejected.push({ event, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    await this.keepRejected(rejected);
  }

  private async replay(): Promise<void> {
    try {
      const report = await this.wal.replay((events) => this.insertOrSetAside(events), BATCH_SIZE);
      if (!this.healthy || report.records > 0)
        this.logger.info({ events: report.records }, 'usage events replayed from the write-ahead file');
      for (const file of report.unreadable)
        this.logger.error({ file }, 'unreadable lines of the usage write-ahead file were set aside');
      this.healthy = true;
    } catch (error) {
      this.unhealthy(error, 'replaying the usage write-ahead file failed; it is kept for the next attempt');
    }
  }

  /** One warning when the database stops answering, not one per interval. */
  private unhealthy(error: unknown, message: string): void {
    if (this.healthy) this.logger.warn({ err: error, pending: this.queue.length }, message);
    this.healthy = false;
  }

  private takeAll(): UsageEventInput[] {
    return this.queue.splice(0, this.queue.length);
  }

  /**
   * Appends the events to the file. When the file is at its cap or fails, they go back to the queue (unless they
   * are also held elsewhere), and `refusal` starts answering once memory is full too.
   */
  private async spill(events: UsageEventInput[], options = { requeue: true }): Promise<void> {
    if (events.length === 0) return;
    const requeue = () => {
      if (options.requeue) this.queue.unshift(...events);
    };
    if (this.wal.bytes >= this.maxSpillBytes) {
      requeue();
      return;
    }
    try {
      await this.wal.append(events);
      this.spillFailure = undefined;
    } catch (error) {
      if (this.spillFailure === undefined)
        this.logger.error({ err: error, file: this.wal.directory }, 'the usage write-ahead file fails');
      this.spillFailure = error instanceof Error ? error.message : String(error);
      requeue();
    }
  }

  private async keepRejected(rejected: { event: UsageEventInput; reason: string }[]): Promise<void> {
    if (rejected.length === 0) return;
    const file = path.join(this.wal.directory, REJECTED_FILE);
    const lines = rejected.map(
      ({ event, reason }) => `{"reason":${JSON.stringify(reason)},"event":${toJson(event)}}`,
    );
    try {
      await appendFile(file, lines.join('\n') + '\n');
    } catch (error) {
      // The log is the last place left to keep them; usage events carry no secrets.
      this.logger.error(
        { err: error, file, events: lines },
        'usage events refused by the database could not be kept',
      );
      return;
    }
    this.logger.error(
      { events: rejected.length, file, reason: rejected[0]?.reason },
      'usage events refused by the database were kept in the rejected file',
    );
  }

  /** Carries the spill files of earlier releases into the write-ahead file, then removes them. */
  private async adoptLegacySpill(): Promise<void> {
    for (const name of LEGACY_SPILL_FILES) {
      const file = path.resolve(this.legacyDir, name);
      if (!existsSync(file)) continue;
      const events = (await readFile(file, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => {
          try {
            return [usageEventCodec.decode(0, JSON.parse(line, bigintReviver))];
          } catch {
            return [];
          }
        });
      await this.wal.append(events);
      await unlink(file);
      this.logger.info(
        { events: events.length, file },
        'carried an old usage spill file into the write-ahead file',
      );
    }
  }
}
