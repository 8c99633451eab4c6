import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isErrorClass } from './error-policy.js';
import {
  COOL_SCRIPT,
  IN_FLIGHT_SCRIPT,
  LIMITS_SCRIPT,
  LOAD_SCRIPT,
  QUOTA_SCRIPT,
  READ_IN_FLIGHT_SCRIPT,
  RESET_SCRIPT,
  STATUS_SCRIPT,
} from './redis-scripts.js';
import type { SeenLimits } from './seen-limits.js';
import type {
  QuotaIncrement,
  SharedCooldown,
  SharedInFlight,
  SharedKeyStatus,
  SharedQuotaUsage,
  SharedState,
  StateStore,
  StateStoreConnection,
  StateStoreListener,
} from './state-store.js';

export interface RedisStateStoreOptions {
  /** A connected or connecting ioredis client. The store duplicates it for pub/sub and never quits it. */
  redis: Redis;
  /** Prefix of every key and of the channel, wrapped in a hash tag. Default "switchyard:key-pool". */
  prefix?: string;
  /** A replica that stopped heart-beating this long ago no longer counts, nor do its in-flight requests. Default 30 s. */
  replicaTtlMs?: number;
  /** How often other replicas' in-flight counts are re-read while some are non-zero. Default 1 s. */
  inFlightRefreshMs?: number;
  now?: () => number;
}

const KEY_WIDE = '*';

class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  load(redis: Redis): Promise<unknown> {
    return redis.script('LOAD', this.source);
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error | undefined)?.message).includes('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

const SCRIPTS = {
  cool: new LuaScript(COOL_SCRIPT),
  status: new LuaScript(STATUS_SCRIPT),
  inFlight: new LuaScript(IN_FLIGHT_SCRIPT),
  readInFlight: new LuaScript(READ_IN_FLIGHT_SCRIPT),
  quota: new LuaScript(QUOTA_SCRIPT),
  load: new LuaScript(LOAD_SCRIPT),
  reset: new LuaScript(RESET_SCRIPT),
  limits: new LuaScript(LIMITS_SCRIPT),
};

/** Names of everything the store keeps in Redis. */
class RedisLayout {
  readonly cooldowns: string;
  readonly statuses: string;
  readonly replicas: string;
  readonly limits: string;
  readonly inFlightPrefix: string;
  readonly channel: string;
  private readonly base: string;

  constructor(prefix: string) {
    this.base = `{${prefix}}`;
    this.cooldowns = `${this.base}:cooldowns`;
    this.statuses = `${this.base}:statuses`;
    this.replicas = `${this.base}:replicas`;
    this.limits = `${this.base}:limits`;
    this.inFlightPrefix = `${this.base}:inflight:`;
    this.channel = `${this.base}:events`;
  }

  quota(keyId: string, periodStart: number): string {
    return `${this.base}:quota:${keyId}:${periodStart}`;
  }
}

function field(keyId: string, model: string | null): string {
  return `${keyId}\n${model ?? KEY_WIDE}`;
}

/**
 * Shares cooldowns, auth failures, in-flight counts and daily quota usage between gateway replicas through Redis.
 * Writes are atomic Lua scripts sent without waiting; a cooldown is published on a channel in the same script,
 * so other replicas apply it to their ready sets as soon as the message arrives.
 */
export class RedisStateStore implements StateStore {
  private readonly layout: RedisLayout;

  constructor(private readonly options: RedisStateStoreOptions) {
    this.layout = new RedisLayout(options.prefix ?? 'switchyard:key-pool');
  }

  connect(listener: StateStoreListener): StateStoreConnection {
    return new RedisConnection(this.options, this.layout, listener);
  }
}

interface ChannelMessage {
  origin: string;
  kind: 'cooldown' | 'status' | 'inflight' | 'quota' | 'reset';
  cooldown?: SharedCooldown;
  quota?: SharedQuotaUsage;
  status?: SharedKeyStatus;
  keyId?: string;
  model?: string;
}

class RedisConnection implements StateStoreConnection {
  readonly replicaId = randomUUID();
  readonly ready: Promise<SharedState>;
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly now: () => number;
  private readonly replicaTtlMs: number;
  private readonly ownInFlight: string;
  /** Key × models on which other replicas had requests in flight at the last report. */
  private readonly watchedInFlight = new Map<string, { keyId: string; model: string }>();
  private readonly pendingReads = new Map<string, { keyId: string; model: string }>();
  private readScheduled = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    options: RedisStateStoreOptions,
    private readonly layout: RedisLayout,
    private readonly listener: StateStoreListener,
  ) {
    this.redis = options.redis;
    this.now = options.now ?? Date.now;
    this.replicaTtlMs = options.replicaTtlMs ?? 30_000;
    this.ownInFlight = `${layout.inFlightPrefix}${this.replicaId}`;
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => this.onMessage(message));
    this.subscriber.on('error', (error: unknown) => this.report(error));
    this.ready = this.start();
    this.ready.catch(() => undefined);
    this.every(Math.max(50, this.replicaTtlMs / 3), () => this.heartbeat());
    this.every(options.inFlightRefreshMs ?? 1000, () => this.refreshInFlight());
  }

  private async start(): Promise<SharedState> {
    await Promise.all(Object.values(SCRIPTS).map((script) => script.load(this.redis)));
    await this.subscriber.subscribe(this.layout.channel);
    await this.heartbeat();
    const [cooldownPairs, statusPairs] = (await SCRIPTS.load.run(
      this.redis,
      [this.layout.cooldowns, this.layout.statuses],
      [this.now()],
    )) as [string[], string[]];
    return { cooldowns: parseCooldowns(cooldownPairs), statuses: parseStatuses(statusPairs) };
  }

  shareCooldown(cooldown: SharedCooldown): void {
    if (this.closed) return;
    const message: ChannelMessage = { origin: this.replicaId, kind: 'cooldown', cooldown };
    this.send(
      SCRIPTS.cool.run(
        this.redis,
        [this.layout.cooldowns],
        [
          field(cooldown.keyId, cooldown.model),
          Math.ceil(cooldown.until),
          cooldown.reason,
          this.layout.channel,
          JSON.stringify(message),
        ],
      ),
    );
  }

  shareKeyStatus(status: SharedKeyStatus): void {
    if (this.closed) return;
    const message: ChannelMessage = { origin: this.replicaId, kind: 'status', status };
    const stored = status.authFailure === null ? '' : JSON.stringify(status);
    this.send(
      SCRIPTS.status.run(
        this.redis,
        [this.layout.statuses, this.layout.cooldowns],
        [status.keyId, stored, field(status.keyId, null), this.layout.channel, JSON.stringify(message)],
      ),
    );
  }

  changeInFlight(keyId: string, model: string, delta: number, limited: boolean): void {
    if (this.closed) return;
    const now = this.now();
    const announcement: ChannelMessage = { origin: this.replicaId, kind: 'inflight', keyId, model };
    const reply = SCRIPTS.inFlight.run(
      this.redis,
      [this.layout.replicas, this.ownInFlight],
      [
        this.replicaId,
        field(keyId, null),
        field(keyId, model),
        delta,
        now,
        now - this.replicaTtlMs,
        this.replicaTtlMs,
        this.layout.inFlightPrefix,
        this.layout.channel,
        limited ? JSON.stringify(announcement) : '',
      ],
    );
    this.send(
      reply.then((others) => {
        const [othersOnKey, othersOnModel] = others as [number, number];
        this.deliverInFlight({ keyId, model, othersOnKey, othersOnModel });
      }),
    );
  }

  addQuotaUsage(increment: QuotaIncrement): void {
    if (this.closed) return;
    // The script appends the totals and closes the JSON, so the message carries what Redis counted, not a guess.
    const messagePrefix =
      `{"origin":${JSON.stringify(this.replicaId)},"kind":"quota","quota":{"keyId":${JSON.stringify(increment.keyId)},` +
      `"periodStart":${increment.periodStart},"requests":`;
    const reply = SCRIPTS.quota.run(
      this.redis,
      [this.layout.quota(increment.keyId, increment.periodStart)],
      [
        Math.round(increment.requests),
        Math.round(increment.tokens),
        Math.ceil(increment.periodEnd + 3_600_000),
        this.layout.channel,
        messagePrefix,
      ],
    );
    this.send(
      reply.then((totals) => {
        const [requests, tokens] = totals as [number, number];
        if (!this.closed) {
          this.listener.quotaUsage({
            keyId: increment.keyId,
            periodStart: increment.periodStart,
            requests,
            tokens,
          });
        }
      }),
    );
  }

  shareKeyReset(keyId: string): void {
    if (this.closed) return;
    const message: ChannelMessage = { origin: this.replicaId, kind: 'reset', keyId };
    this.send(
      SCRIPTS.reset.run(
        this.redis,
        [this.layout.cooldowns],
        [field(keyId, ''), this.layout.channel, JSON.stringify(message)],
      ),
    );
  }

  shareLimits(keyId: string, limits: SeenLimits): void {
    if (this.closed) return;
    this.send(
      SCRIPTS.limits.run(
        this.redis,
        [this.layout.limits],
        [keyId, Math.floor(limits.seenAt), JSON.stringify(limits)],
      ),
    );
  }

  async readLimits(keyId: string): Promise<SeenLimits | null> {
    const stored = await this.redis.hget(this.layout.limits, keyId);
    if (stored === null) return null;
    try {
      return JSON.parse(stored) as SeenLimits;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([
      this.redis.multi().zrem(this.layout.replicas, this.replicaId).del(this.ownInFlight).exec(),
      this.subscriber.quit(),
    ]);
  }

  private async heartbeat(): Promise<void> {
    if (this.closed) return;
    const now = this.now();
    await this.redis
      .multi()
      .zadd(this.layout.replicas, now, this.replicaId)
      .pexpire(this.ownInFlight, this.replicaTtlMs)
      .zremrangebyscore(this.layout.replicas, '-inf', `(${now - this.replicaTtlMs}`)
      .exec();
  }

  /** Re-reads, on a timer, key × models where other replicas had requests in flight, until those drop to zero. */
  private async refreshInFlight(): Promise<void> {
    if (this.closed || this.watchedInFlight.size === 0) return;
    await this.readOthersInFlight([...this.watchedInFlight.values()]);
  }

  /** Another replica's request on a limited key started or ended: re-read soon, batching what arrives together. */
  private queueInFlightRead(keyId: string, model: string): void {
    this.pendingReads.set(field(keyId, model), { keyId, model });
    if (this.readScheduled) return;
    this.readScheduled = true;
    setImmediate(() => {
      this.readScheduled = false;
      const pairs = [...this.pendingReads.values()];
      this.pendingReads.clear();
      this.send(this.readOthersInFlight(pairs));
    });
  }

  private async readOthersInFlight(pairs: readonly { keyId: string; model: string }[]): Promise<void> {
    if (this.closed || pairs.length === 0) return;
    const fields = pairs.flatMap(({ keyId, model }) => [field(keyId, null), field(keyId, model)]);
    const now = this.now();
    const sums = (await SCRIPTS.readInFlight.run(
      this.redis,
      [this.layout.replicas],
      [this.replicaId, now - this.replicaTtlMs, this.layout.inFlightPrefix, ...fields],
    )) as number[];
    pairs.forEach(({ keyId, model }, index) => {
      this.deliverInFlight({
        keyId,
        model,
        othersOnKey: sums[2 * index] ?? 0,
        othersOnModel: sums[2 * index + 1] ?? 0,
      });
    });
  }

  private deliverInFlight(inFlight: SharedInFlight): void {
    if (this.closed) return;
    const watchKey = field(inFlight.keyId, inFlight.model);
    if (inFlight.othersOnKey > 0 || inFlight.othersOnModel > 0) {
      this.watchedInFlight.set(watchKey, { keyId: inFlight.keyId, model: inFlight.model });
    } else {
      this.watchedInFlight.delete(watchKey);
    }
    this.listener.inFlight(inFlight);
  }

  private onMessage(raw: string): void {
    if (this.closed) return;
    let message: ChannelMessage;
    try {
      message = JSON.parse(raw) as ChannelMessage;
    } catch (error) {
      this.report(error);
      return;
    }
    if (message.origin === this.replicaId) return;
    if (message.kind === 'cooldown' && message.cooldown && isErrorClass(message.cooldown.reason)) {
      this.listener.cooldown(message.cooldown);
    } else if (message.kind === 'status' && message.status) {
      this.listener.keyStatus(message.status);
    } else if (message.kind === 'inflight' && message.keyId !== undefined && message.model !== undefined) {
      this.queueInFlightRead(message.keyId, message.model);
    } else if (message.kind === 'quota' && message.quota) {
      this.listener.quotaUsage(message.quota);
    } else if (message.kind === 'reset' && message.keyId !== undefined) {
      this.listener.keyReset(message.keyId);
    }
  }

  private send(pending: Promise<unknown>): void {
    pending.catch((error: unknown) => this.report(error));
  }

  private report(error: unknown): void {
    if (!this.closed) this.listener.error(error);
  }

  private every(intervalMs: number, task: () => Promise<void>): void {
    const timer = setInterval(() => this.send(task()), intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}

function parseCooldowns(pairs: readonly string[]): SharedCooldown[] {
  const cooldowns: SharedCooldown[] = [];
  for (let index = 0; index + 1 < pairs.length; index += 2) {
    const [keyId, model] = (pairs[index] as string).split('\n');
    const [until, reason] = (pairs[index + 1] as string).split('|');
    if (keyId === undefined || model === undefined || !isErrorClass(reason)) continue;
    cooldowns.push({ keyId, model: model === KEY_WIDE ? null : model, until: Number(until), reason });
  }
  return cooldowns;
}

function parseStatuses(pairs: readonly string[]): SharedKeyStatus[] {
  const statuses: SharedKeyStatus[] = [];
  for (let index = 0; index + 1 < pairs.length; index += 2) {
    try {
      const status = JSON.parse(pairs[index + 1] as string) as SharedKeyStatus;
      if (isErrorClass(status.authFailure)) statuses.push(status);
    } catch {
      // A value that is not ours is skipped rather than trusted.
    }
  }
  return statuses;
}
