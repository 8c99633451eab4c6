import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { hashPassword } from '../../src/modules/auth/passwords.js';
import { UsersRepository } from '../../src/modules/users/users.repository.js';

const PASSWORD = 'bench-password-123';

export interface BenchApi {
  app: NestFastifyApplication;
  base: string;
  /** A new user with `role`, signed in: their id and the `Authorization` bearer token. */
  signIn(role: 'owner' | 'member'): Promise<{ userId: string; accessToken: string }>;
  close(): Promise<void>;
}

/** The API in this process, on `databaseUrl`, listening on a free loopback port, logging nothing. */
export async function startBenchApi(databaseUrl: string): Promise<BenchApi> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
    SWITCHYARD_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'switchyard-bench-')),
  });
  const app = await createApp({ config, databaseUrl, logger: createLogger(config) });
  await app.init();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = await app.getUrl();
  return {
    app,
    base,
    async signIn(role) {
      const email = `${role}-${randomUUID().slice(0, 8)}@example.com`;
      const user = await app.get(UsersRepository, { strict: false }).create({
        email,
        role,
        passwordHash: await hashPassword(PASSWORD),
      });
      const login = await fetch(`${base}/admin/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      if (login.status !== 200) throw new Error(`sign-in as ${role} answered ${login.status}`);
      return { userId: user.id, accessToken: ((await login.json()) as { accessToken: string }).accessToken };
    },
    close: () => app.close(),
  };
}

/** The sample at `fraction` (0.5 for the median) of the sorted samples. */
export function percentileOf(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;
}
