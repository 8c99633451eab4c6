import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { RedisService } from '../../redis/redis.service.js';
import { HealthRepository } from './health.repository.js';

export interface Readiness {
  ready: boolean;
  /** Ready, but with Redis down: limits are kept per replica and revocations read from PostgreSQL. */
  degraded: boolean;
  checks: { database: 'ok' | 'down'; redis: 'ok' | 'down' | 'not_configured'; shutdown: boolean };
}

@Injectable()
export class HealthService implements BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(
    private readonly repository: HealthRepository,
    private readonly redis: RedisService,
  ) {}

  /** Load balancers stop routing here as soon as a drain begins. */
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([
      this.repository.databaseAnswers(),
      // A Redis known to be down is not asked again here; its heartbeat notices when it is back.
      this.redis.enabled
        ? this.redis.available
          ? this.redis.ping()
          : Promise.resolve(false)
        : Promise.resolve(null),
    ]);
    const checks = {
      database: database ? 'ok' : 'down',
      redis: redis === null ? 'not_configured' : redis ? 'ok' : 'down',
      shutdown: this.shuttingDown,
    } as const;
    return { ready: database && !this.shuttingDown, degraded: redis === false, checks };
  }
}
