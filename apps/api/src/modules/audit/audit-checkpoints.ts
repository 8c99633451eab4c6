import { createHmac, timingSafeEqual } from 'node:crypto';
import { open, appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { AuditKeys } from './audit-keys.js';
import { AuditRepository } from './audit.repository.js';
import { canonicalJson } from './canonical-json.js';

export const CHECKPOINT_FILE = 'audit-checkpoints.ndjson';
const CHECKPOINT_INTERVAL_MS = 60 * 60 * 1000;
/** The newest checkpoints are at the end of the file; this much of it is read to find one. */
const TAIL_BYTES = 64 * 1024;

const checkpointSchema = z.object({
  seq: z.string().regex(/^\d+$/),
  hash: z.string(),
  count: z.number().int().nonnegative(),
  at: z.string(),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});

export type Checkpoint = z.infer<typeof checkpointSchema>;

/**
 * Signed checkpoints of the audit chain (its head row, its hash and how many rows it has) appended to
 * `<data dir>/audit-checkpoints.ndjson` at start, every hour and at shutdown. The file is outside the database, so
 * someone who rewrites the table, or cuts its newest rows, leaves it disagreeing with the newest checkpoint.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private readonly writtenListeners: ((checkpoint: Checkpoint) => void)[] = [];
  private readonly file: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repository: AuditRepository,
    private readonly keys: AuditKeys,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.file = path.resolve(config.dataDir, CHECKPOINT_FILE);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.writeQuietly();
    this.timer = setInterval(() => void this.writeQuietly(), CHECKPOINT_INTERVAL_MS);
    this.timer.unref();
  }

  // Before the database connections close.
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.writeQuietly();
  }

  /** Appends a checkpoint of the chain as it stands; none while the chain is empty. */
  async write(now = new Date()): Promise<Checkpoint | undefined> {
    const head = await this.repository.head();
    if (!head) return undefined;
    const fields = { seq: head.seq.toString(), hash: head.hash, count: head.count, at: now.toISOString() };
    const checkpoint = { ...fields, mac: this.sign(this.keys.checkpoint, fields) };
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
    for (const listener of this.writtenListeners) listener(checkpoint);
    return checkpoint;
  }

  /** Each checkpoint once written (to the channels subscribed to `audit.checkpoint`); must never throw. */
  onWritten(listener: (checkpoint: Checkpoint) => void): void {
    this.writtenListeners.push(listener);
  }

  /** The newest checkpoint in the file whose signature holds; undefined when there is none. */
  async newest(): Promise<Checkpoint | undefined> {
    let text: string;
    try {
      const handle = await open(this.file, 'r');
      try {
        const { size } = await handle.stat();
        const length = Math.min(size, TAIL_BYTES);
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, size - length);
        text = buffer.toString('utf8');
      } finally {
        await handle.close();
      }
    } catch {
      return undefined;
    }
    for (const line of text.split('\n').reverse()) {
      let parsed: ReturnType<typeof checkpointSchema.safeParse>;
      try {
        parsed = checkpointSchema.safeParse(JSON.parse(line));
      } catch {
        continue;
      }
      if (parsed.success && this.authentic(parsed.data)) return parsed.data;
    }
    return undefined;
  }

  private authentic({ mac, ...fields }: Checkpoint): boolean {
    const presented = Buffer.from(mac, 'hex');
    return this.keys.checkpointCandidates.some((key) =>
      timingSafeEqual(Buffer.from(this.sign(key, fields), 'hex'), presented),
    );
  }

  private sign(key: Buffer, fields: Omit<Checkpoint, 'mac'>): string {
    return createHmac('sha256', key).update(canonicalJson(fields)).digest('hex');
  }

  private async writeQuietly(): Promise<void> {
    try {
      await this.write();
    } catch (error) {
      this.logger.error({ err: error, file: this.file }, 'could not write an audit checkpoint');
    }
  }
}
