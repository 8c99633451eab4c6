import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './load-config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 4000,
      dashboardPort: 3000,
      apiUrl: 'http://127.0.0.1:4000',
      databaseUrl: undefined,
      redisUrl: undefined,
      dataDir: './.data',
      maxBodyBytes: 20 * 1024 * 1024,
      maxQueueWaitMs: 0,
      usageFlushIntervalMs: 1000,
    });
  });

  it('reads every variable into the typed config', () => {
    const config = loadConfig({
      PORT: '4100',
      DATABASE_URL: 'postgresql://u@db:5432/x',
      REDIS_URL: 'redis://cache:6379',
      SWITCHYARD_MASTER_KEY: KEY,
      SWITCHYARD_ADMIN_EMAIL: 'it@example.com',
      SWITCHYARD_ADMIN_PASSWORD: 'a-long-password',
      SWITCHYARD_MAX_BODY_MB: '1.5',
      SWITCHYARD_MAX_QUEUE_WAIT_MS: '2500',
      SWITCHYARD_USAGE_FLUSH_INTERVAL_MS: '250',
    });
    expect(config).toMatchObject({
      port: 4100,
      databaseUrl: 'postgresql://u@db:5432/x',
      redisUrl: 'redis://cache:6379',
      masterKey: KEY,
      adminEmail: 'it@example.com',
      maxBodyBytes: Math.round(1.5 * 1024 * 1024),
      maxQueueWaitMs: 2500,
      usageFlushIntervalMs: 250,
    });
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: ' ' }).databaseUrl).toBeUndefined();
  });

  it('names each bad variable on its own line', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      SWITCHYARD_MAX_BODY_MB: '-1',
      REDIS_URL: 'nope',
      SWITCHYARD_USAGE_FLUSH_INTERVAL_MS: '10',
    });
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT must be a number (got "eighty")',
        'DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "mysql://x")',
        'SWITCHYARD_MAX_BODY_MB must be greater than 0 (got "-1")',
        'REDIS_URL must be a URL starting with redis:// or rediss:// (got "nope")',
        'SWITCHYARD_USAGE_FLUSH_INTERVAL_MS must be between 50 and 60000 (got "10")',
      ]),
    );
  });

  it('never echoes a secret value back', () => {
    const [problem] = problemsOf({ SWITCHYARD_MASTER_KEY: 'too-short-secret' });
    expect(problem).toBe('SWITCHYARD_MASTER_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  });

  it('requires a master key in production and admin variables in pairs', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'SWITCHYARD_MASTER_KEY is required when NODE_ENV=production',
    ]);
    expect(problemsOf({ SWITCHYARD_ADMIN_EMAIL: 'it@example.com' })).toEqual([
      'SWITCHYARD_ADMIN_PASSWORD must be set together with the other admin variable',
    ]);
  });

  it('rejects out-of-range ports and unknown enum values', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT must be between 1 and 65535 (got "70000")']);
    expect(problemsOf({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL must be one of/);
  });
});
