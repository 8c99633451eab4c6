import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RedisService } from '../../redis/redis.service.js';
import { GatewayKeyPool } from '../gateway-pool/gateway-key-pool.js';
import { UsageRecorder } from '../usage/usage-recorder.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { MetricsAccess } from './metrics-access.guard.js';
import { gauge } from './prometheus-text.js';

const KEY_STATUSES = ['ready', 'cooling', 'exhausted', 'disabled', 'auth_failed'] as const;

/** Prometheus scrape endpoint. Labels carry key ids and provider names, never labels or secrets. */
@Controller('metrics')
@UseGuards(MetricsAccess)
@ApiExcludeController()
export class MetricsController {
  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly gateway: GatewayKeyPool,
    private readonly usage: UsageRecorder,
    private readonly redis: RedisService,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  render(): string {
    const now = Date.now();
    const keys = this.gateway.snapshot();
    const status = keys.flatMap((key) =>
      KEY_STATUSES.map((s) => ({
        labels: { key: key.keyId, provider: key.provider, status: s },
        value: key.status === s ? 1 : 0,
      })),
    );
    const cooldowns = keys.flatMap((key) =>
      key.models.map((model) => ({
        labels: { key: key.keyId, provider: key.provider, model: model.model },
        value: Math.max(0, (Math.max(model.cooldownUntil ?? 0, key.cooldownUntil ?? 0) - now) / 1000),
      })),
    );
    const inFlight = keys.map((key) => ({
      labels: { key: key.keyId, provider: key.provider },
      value: key.inFlight,
    }));
    return (
      [
        this.metrics.requests.render(),
        this.metrics.duration.render(),
        this.metrics.overhead.render(),
        this.metrics.spend.render(),
        gauge('switchyard_key_status', 'Provider key status (1 for the current one)', status),
        gauge('switchyard_key_cooldown_seconds', 'Seconds until a key × model may be used again', cooldowns),
        gauge('switchyard_key_in_flight', 'Requests in flight per key', inFlight),
        gauge('switchyard_usage_queue_pending', 'Usage events waiting to be written', [
          { labels: {}, value: this.usage.pending },
        ]),
        gauge(
          'switchyard_usage_spilled_bytes',
          'Bytes of usage in the write-ahead file, waiting for the database',
          [{ labels: {}, value: this.usage.spilledBytes }],
        ),
        ...this.redisGauges(),
      ].join('\n\n') + '\n'
    );
  }

  /** Only with REDIS_URL set: whether this replica reaches Redis, and how many replicas Redis last counted. */
  private redisGauges(): string[] {
    if (!this.redis.enabled) return [];
    return [
      gauge('switchyard_redis_up', '1 while Redis answers; 0 while limits are kept per replica', [
        { labels: {}, value: this.redis.available ? 1 : 0 },
      ]),
      gauge('switchyard_replicas', 'Replicas that announced themselves in Redis within 10 s, last counted', [
        { labels: {}, value: this.redis.replicaCount },
      ]),
    ];
  }
}
