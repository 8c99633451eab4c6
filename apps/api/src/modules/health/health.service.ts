import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { withDeadline } from '../../common/deadline/deadline.js';
import { DrainState } from '../../common/lifecycle/drain-state.js';
import { RedisService } from '../../redis/redis.service.js';
import { HealthRepository } from './health.repository.js';

/** How one dependency answered its readiness check. */
export type CheckState = 'ok' | 'down' | 'not_configured';

/** One dependency's check: resolves with its state, or rejects with why it is down. */
interface DependencyCheck {
  name: 'database' | 'redis';
  /** Down makes the replica unready; otherwise it only degrades it. */
  required: boolean;
  probe(): Promise<CheckState>;
}

export interface Readiness {
  ready: boolean;
  /** Ready, but with Redis down: limits are kept per replica and revocations read from PostgreSQL. */
  degraded: boolean;
  checks: { database: CheckState; redis: CheckState; shutdown: boolean };
  /** Why not ready (or degraded): the first failed check and its error, e.g. `database: timeout after 2000 ms`. */
  reason?: string;
}

/**
 * Readiness: one check per dependency, all run at once, each within `SWITCHYARD_READY_TIMEOUT_MS`, so the answer
 * comes within that deadline whatever a dependency does. Not ready as soon as a shutdown begins.
 */
@Injectable()
export class HealthService implements BeforeApplicationShutdown {
  private readonly dependencies: DependencyCheck[];

  constructor(
    repository: HealthRepository,
    redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly drain: DrainState,
  ) {
    this.dependencies = [
      { name: 'database', required: true, probe: () => repository.pingDatabase().then(() => 'ok') },
      {
        name: 'redis',
        required: false,
        probe: async () => {
          if (!redis.enabled) return 'not_configured';
          // A Redis known to be down is not asked again here; its heartbeat notices when it is back.
          if (!redis.available) throw new Error('unavailable');
          if (!(await redis.ping())) throw new Error('no answer to PING');
          return 'ok';
        },
      },
    ];
  }

  /** Load balancers stop routing here as soon as a drain begins (also when the app is closed directly). */
  beforeApplicationShutdown(): void {
    this.drain.begin();
  }

  async readiness(): Promise<Readiness> {
    const failures: { required: boolean; reason: string }[] = [];
    const states = await Promise.all(
      this.dependencies.map(async (dependency) => {
        try {
          return await withDeadline(dependency.probe(), this.config.readyTimeoutMs);
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          failures.push({ required: dependency.required, reason: `${dependency.name}: ${why}` });
          return 'down' as const;
        }
      }),
    );
    const state = (name: DependencyCheck['name']) =>
      states[this.dependencies.findIndex((d) => d.name === name)]!;
    const shutdown = this.drain.draining;
    const checks = { database: state('database'), redis: state('redis'), shutdown };
    if (shutdown) failures.unshift({ required: true, reason: 'shutting down' });
    const blocking = failures.find((failure) => failure.required);
    return {
      ready: blocking === undefined,
      degraded: failures.length > 0,
      checks,
      ...(failures.length > 0 ? { reason: (blocking ?? failures[0])!.reason } : {}),
    };
  }
}
