import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

// Docker does not run on every machine that runs the tests, so the files are checked by reading them.
const dockerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docker');

interface ComposeService {
  build?: { context: string; dockerfile: string };
  image?: string;
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
}

describe('docker/', () => {
  const compose = parse(readFileSync(path.join(dockerDir, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, ComposeService>;
  };

  it('runs postgres, redis, api and dashboard, each with a healthcheck', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'dashboard', 'postgres', 'redis']);
    for (const name of ['postgres', 'redis']) expect(compose.services[name]?.healthcheck?.test).toBeDefined();
  });

  it('starts the API only once its database and Redis are healthy, and wires them in', () => {
    const api = compose.services.api;
    expect(api?.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(api?.environment?.DATABASE_URL).toMatch(/^postgresql:\/\/.+@postgres:5432\//);
    expect(api?.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(compose.services.dashboard?.environment?.API_URL).toBe('http://api:4000');
  });

  it('builds from Dockerfiles that exist and declare their own healthchecks', () => {
    for (const name of ['api', 'dashboard']) {
      const build = compose.services[name]?.build;
      expect(build?.context).toBe('..');
      const dockerfile = path.resolve(dockerDir, '..', build?.dockerfile ?? '');
      expect(existsSync(dockerfile)).toBe(true);
      const text = readFileSync(dockerfile, 'utf8');
      expect(text).toMatch(/^HEALTHCHECK /m);
      expect(text).toMatch(/^CMD /m);
    }
  });
});
