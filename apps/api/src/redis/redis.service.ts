import { type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** The shared-state connection, present only in multi-replica mode (REDIS_URL set). */
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis | undefined;

  constructor(url: string | undefined) {
    this.client = url
      ? new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true })
      : undefined;
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  async ping(): Promise<boolean> {
    if (!this.client) return true;
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}
