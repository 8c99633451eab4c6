import { KeyPool, type KeyStateView } from '@switchyard/key-pool';
import { type LocalConfig, type LocalKey, type LocalPrice } from './local-config.js';
import { type DayUsage, type LocalState, readState, writeState } from './state-file.js';

const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * The key pool of one local-mode run: the file's keys, the cooldowns earlier runs left in the state file, and
 * today's requests and cost. `save` writes it all back for the next run.
 */
export class LocalGateway {
  private readonly keysById: Map<string, LocalKey>;
  private day: string;
  private usage: Record<string, DayUsage>;

  private constructor(
    readonly config: LocalConfig,
    readonly stateFile: string,
    readonly pool: KeyPool,
    state: LocalState | null,
  ) {
    this.keysById = new Map(config.keys.map((key) => [key.id, key]));
    const today = utcDay(Date.now());
    this.day = today;
    this.usage = state && state.day === today ? state.usage : {};
  }

  static async open(config: LocalConfig, stateFile: string): Promise<LocalGateway> {
    const pool = new KeyPool({
      keys: config.keys.map((key) => ({
        id: key.id,
        provider: key.provider,
        label: key.label,
        secret: key.secret,
        tier: key.tier,
        models: key.models,
        ...(key.weight === undefined ? {} : { weight: key.weight }),
        ...(key.maxConcurrency === undefined ? {} : { maxConcurrency: key.maxConcurrency }),
      })),
    });
    await pool.ready();
    const state = await readState(stateFile);
    if (state) pool.restoreState(state.pool);
    return new LocalGateway(config, stateFile, pool, state);
  }

  key(keyId: string): LocalKey | undefined {
    return this.keysById.get(keyId);
  }

  /** An alias of the file's routes, or `provider/model` itself. */
  route(model: string): string[] {
    return this.config.routes.get(model) ?? [model];
  }

  priceOf(provider: string, model: string): LocalPrice | null {
    return this.config.prices.get(`${provider}/${model}`) ?? null;
  }

  recordRequest(keyId: string, model: string, costMicros: bigint | null): void {
    const today = utcDay(Date.now());
    if (today !== this.day) {
      this.day = today;
      this.usage = {};
    }
    const field = `${keyId}\n${model}`;
    const usage = (this.usage[field] ??= { requests: 0, costMicros: '0', unpriced: 0 });
    usage.requests += 1;
    if (costMicros === null) usage.unpriced += 1;
    else usage.costMicros = String(BigInt(usage.costMicros) + costMicros);
  }

  usageOf(keyId: string, model: string): DayUsage | undefined {
    return this.day === utcDay(Date.now()) ? this.usage[`${keyId}\n${model}`] : undefined;
  }

  snapshot(): KeyStateView[] {
    return this.pool.snapshot();
  }

  async save(): Promise<void> {
    await writeState(this.stateFile, {
      version: 1,
      pool: this.pool.snapshotState(),
      day: this.day,
      usage: this.usage,
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** What a call cost, rounded up to the micro-USD as the gateway does; null when the model has no price. */
export function costOf(
  price: LocalPrice | null,
  usage: { promptTokens: number; completionTokens: number; cachedTokens: number },
): bigint | null {
  if (!price) return null;
  const cached = BigInt(Math.min(usage.cachedTokens, usage.promptTokens));
  const scaled =
    (BigInt(usage.promptTokens) - cached) * price.inputMicrosPerMTok +
    cached * (price.cachedInputMicrosPerMTok ?? price.inputMicrosPerMTok) +
    BigInt(usage.completionTokens) * price.outputMicrosPerMTok;
  return (scaled + 999_999n) / 1_000_000n;
}
