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
  probe(): Promise<CheckState>;
}

export interface Readiness {
  ready: boolean;
  checks: { database: CheckState; redis: CheckState; shutdown: boolean };
  /** Why not ready: the first failed check and its error, e.g. `database: timeout after 2000 ms`. */
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
      { name: 'database', probe: () => repository.pingDatabase().then(() => 'ok') },
      {
        name: 'redis',
        probe: async () => {
          if (!redis.enabled) return 'not_configured';
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
    const failures: string[] = [];
    const states = await Promise.all(
      this.dependencies.map(async (dependency) => {
        try {
          return await withDeadline(dependency.probe(), this.config.readyTimeoutMs);
        } catch (error) {
          failures.push(`${dependency.name}: ${error instanceof Error ? error.message : String(error)}`);
          return 'down' as const;
        }
      }),
    );
    const state = (name: DependencyCheck['name']) =>
      states[this.dependencies.findIndex((d) => d.name === name)]!;
    const shutdown = this.drain.draining;
    const checks = { database: state('database'), redis: state('redis'), shutdown };
    if (shutdown) failures.unshift('shutting down');
    return failures.length === 0 ? { ready: true, checks } : { ready: false, checks, reason: failures[0] };
  }
}
