import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { type UsageEventInput } from './usage-event.js';
import { rejectsRows, UsageRepository } from './usage.repository.js';

const BATCH_SIZE = 1000;
/** Beyond this many waiting events the recorder writes them to disk rather than hold more in memory. */
const MAX_QUEUED = 100_000;
const SPILL_FILE = 'usage-spill.ndjson';
/** Events Postgres refused one by one: kept for an operator, never replayed, since they would fail again. */
const REJECTED_FILE = 'usage-rejected.ndjson';

const toJson = (event: UsageEventInput) =>
  JSON.stringify(event, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));

function fromJson(line: string): UsageEventInput {
  const raw = JSON.parse(line, (_key, value: unknown) =>
    typeof value === 'string' && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  ) as UsageEventInput & { at: string };
  return { ...raw, at: new Date(raw.at) };
}

/**
 * Usage events leave the request path through this bounded in-memory queue and reach Postgres in batches.
 * Nothing is lost: a failed batch goes back to the queue; an overflow, or what is left when the database is
 * unreachable at shutdown, is appended to a spill file in the data directory and replayed at the next start.
 */
@Injectable()
export class UsageRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue: UsageEventInput[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  /** After a failed write, only the timer retries: a database that is down is not called once per request. */
  private lastWriteFailed = false;
  private readonly spillPath: string;
  private readonly flushIntervalMs: number;

  constructor(
    private readonly repository: UsageRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.spillPath = path.resolve(config.dataDir, SPILL_FILE);
    this.flushIntervalMs = config.usageFlushIntervalMs;
  }

  record(event: UsageEventInput): void {
    this.queue.push(event);
    if (this.queue.length >= MAX_QUEUED) void this.spill(this.queue.splice(0, this.queue.length));
    else if (this.queue.length >= BATCH_SIZE && this.flushing === undefined && !this.lastWriteFailed)
      void this.write('full batches');
  }

  get pending(): number {
    return this.queue.length;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.replaySpill();
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  /** Runs after the HTTP server has drained, so every request's event is already queued. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    for (let attempt = 0; attempt < 3 && this.queue.length > 0; attempt += 1) await this.flush();
    if (this.queue.length > 0) await this.spill(this.queue.splice(0, this.queue.length));
  }

  /** Writes everything queued so far. */
  flush(): Promise<void> {
    return this.write('queued');
  }

  /**
   * One writer at a time. Between two timer flushes only full batches are written: a writer that went on with
   * whatever had arrived during its last transaction wrote a batch of a few dozen events every few milliseconds,
   * and each batch's fixed cost (statement planning, the rollup upsert, the commit) then cost Postgres more than
   * its rows.
   */
  private async write(what: 'queued' | 'full batches'): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
    this.flushing = this.drain(what === 'queued' ? this.queue.length : 0).finally(
      () => (this.flushing = undefined),
    );
    return this.flushing;
  }

  /** Writes at least the first `owed` events, then as many full batches as are waiting. */
  private async drain(owed: number): Promise<void> {
    while (this.queue.length >= BATCH_SIZE || (owed > 0 && this.queue.length > 0)) {
      const batch = this.queue.splice(0, BATCH_SIZE);
      try {
        await this.repository.insertBatch(batch);
        owed -= batch.length;
        this.lastWriteFailed = false;
      } catch (error) {
        if (!rejectsRows(error)) this.queue.unshift(...batch);
        else if (await this.writeOneByOne(batch)) {
          owed -= batch.length;
          continue;
        }
        this.lastWriteFailed = true;
        this.logger.error({ err: error, pending: this.queue.length }, 'usage batch write failed; will retry');
        return;
      }
    }
  }

  /**
   * A batch Postgres refused is written event by event, so one bad event cannot hold back the others forever; the
   * events refused on their own go to the rejected file. Returns false, with the unwritten rest queued again, when
   * the database fails for another reason on the way.
   */
  private async writeOneByOne(batch: UsageEventInput[]): Promise<boolean> {
    const rejected: { event: UsageEventInput; reason: string }[] = [];
    for (let index = 0; index < batch.length; index += 1) {
      const event = batch[index] as UsageEventInput;
      try {
        await this.repository.insertBatch([event]);
      } catch (error) {
        if (!rejectsRows(error)) {
          this.queue.unshift(...batch.slice(index));
          await this.keepRejected(rejected);
          return false;
        }
        rejected.push({ event, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    await this.keepRejected(rejected);
    return true;
  }

  private async keepRejected(rejected: { event: UsageEventInput; reason: string }[]): Promise<void> {
    if (rejected.length === 0) return;
    const file = path.resolve(path.dirname(this.spillPath), REJECTED_FILE);
    const lines = rejected.map(
      ({ event, reason }) => `{"reason":${JSON.stringify(reason)},"event":${toJson(event)}}`,
    );
    try {
      await mkdir(path.dirname(file), { recursive: true });
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

  private async spill(events: UsageEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await mkdir(path.dirname(this.spillPath), { recursive: true });
    await appendFile(this.spillPath, events.map(toJson).join('\n') + '\n');
    this.logger.warn(
      { events: events.length, file: this.spillPath },
      'usage events spilled to disk; they are replayed at the next start',
    );
  }

  private async replaySpill(): Promise<void> {
    if (!existsSync(this.spillPath)) return;
    const replaying = `${this.spillPath}.replaying`;
    await rename(this.spillPath, replaying);
    const lines = (await readFile(replaying, 'utf8')).split('\n').filter(Boolean);
    const events = lines.map(fromJson);
    for (let i = 0; i < events.length; i += BATCH_SIZE) {
      const chunk = events.slice(i, i + BATCH_SIZE);
      try {
        await this.repository.insertBatch(chunk);
      } catch (error) {
        const refused = rejectsRows(error);
        if (refused && (await this.writeOneByOne(chunk))) continue;
        // What was written stays written; only the rest goes back to the spill file for the next attempt (a refused
        // chunk's unwritten events are queued already).
        await rm(replaying);
        await this.spill(events.slice(refused ? i + BATCH_SIZE : i));
        this.logger.error({ err: error }, 'replaying spilled usage events failed; kept for the next start');
        return;
      }
    }
    await rm(replaying);
    this.logger.info({ events: events.length }, 'replayed spilled usage events');
  }
}
