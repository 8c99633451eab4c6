import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './load-config.js';

const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');

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
      bodyLogRetentionDays: 7,
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

  it('refuses a master key of 32 zero bytes, or of any one byte repeated', () => {
    for (const key of [Buffer.alloc(32), Buffer.alloc(32, 7)].map((bytes) => bytes.toString('base64'))) {
      expect(problemsOf({ SWITCHYARD_MASTER_KEY: key })).toEqual([
        'SWITCHYARD_MASTER_KEY must be random: 32 equal bytes (all zero, say) are refused',
      ]);
      expect(problemsOf({ SWITCHYARD_MASTER_KEY: KEY, SWITCHYARD_AUDIT_KEY: key })[0]).toMatch(
        /^SWITCHYARD_AUDIT_KEY must be random/,
      );
    }
  });

  it('reads single sign-on settings, and names what is missing or malformed', () => {
    const config = loadConfig({
      SWITCHYARD_OIDC_ISSUER: 'https://login.example.com/realms/corp',
      SWITCHYARD_OIDC_CLIENT_ID: 'switchyard',
      SWITCHYARD_OIDC_CLIENT_SECRET: 'shh',
      SWITCHYARD_OIDC_ROLE_MAP: 'platform-admins=admin, finance=auditor,eng=member',
      SWITCHYARD_OIDC_TEAM_MAP: 'team-search=search:team_admin,eng=search,eng=ads:member',
      SWITCHYARD_PUBLIC_URL: 'https://switchyard.example.com/',
    });
    expect(config.publicUrl).toBe('https://switchyard.example.com');
    expect(config.oidc).toMatchObject({ scopes: 'openid email profile', roleClaim: 'groups' });
    expect([...config.oidc!.roleMap]).toEqual([
      ['platform-admins', 'admin'],
      ['finance', 'auditor'],
      ['eng', 'member'],
    ]);
    expect(config.oidc!.teamMap.get('eng')).toEqual([
      { team: 'search', role: 'member' },
      { team: 'ads', role: 'member' },
    ]);
    const ldap = loadConfig({
      SWITCHYARD_OIDC_ISSUER: 'https://login.example.com',
      SWITCHYARD_OIDC_CLIENT_ID: 'switchyard',
      SWITCHYARD_OIDC_CLIENT_SECRET: 'shh',
      SWITCHYARD_OIDC_ROLE_MAP: '{"CN=Admins,OU=Groups": "admin"}',
    });
    expect(ldap.oidc!.roleMap.get('CN=Admins,OU=Groups')).toBe('admin');

    expect(
      problemsOf({
        SWITCHYARD_OIDC_ISSUER: 'http://login.example.com',
        SWITCHYARD_OIDC_ROLE_MAP: 'admins=god',
        SWITCHYARD_OIDC_TEAM_MAP: 'eng=search:boss',
      }),
    ).toEqual(
      expect.arrayContaining([
        'SWITCHYARD_OIDC_ISSUER must be an https:// URL (http:// only on 127.0.0.1 or localhost) (got "http://login.example.com")',
        'SWITCHYARD_OIDC_CLIENT_ID is required when SWITCHYARD_OIDC_ISSUER is set',
        'SWITCHYARD_OIDC_CLIENT_SECRET is required when SWITCHYARD_OIDC_ISSUER is set',
        'SWITCHYARD_OIDC_ROLE_MAP maps "admins" to "god", which is not one of owner, admin, auditor, team_admin, member (got "admins=god")',
        'SWITCHYARD_OIDC_TEAM_MAP maps "eng" to team role "boss"; it must be team_admin or member (got "eng=search:boss")',
      ]),
    );
    expect(problemsOf({ SWITCHYARD_OIDC_ONLY: 'true' })[0]).toMatch(
      /^SWITCHYARD_OIDC_ONLY needs SWITCHYARD_OIDC_ISSUER/,
    );
  });

  it('refuses a common bootstrap password, and reads the hardening switches', () => {
    expect(
      problemsOf({ SWITCHYARD_ADMIN_EMAIL: 'it@example.com', SWITCHYARD_ADMIN_PASSWORD: 'qwertyuiop123' }),
    ).toEqual(['SWITCHYARD_ADMIN_PASSWORD is one of the most common passwords; choose another']);
    expect(loadConfig({})).toMatchObject({
      docs: true,
      allowPrivateUpstreams: false,
      trustedProxies: ['loopback'],
      oidcOnly: false,
      metricsToken: undefined,
    });
    expect(
      loadConfig({
        SWITCHYARD_DOCS: 'false',
        SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
        SWITCHYARD_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.10',
      }),
    ).toMatchObject({
      docs: false,
      allowPrivateUpstreams: true,
      trustedProxies: ['10.0.0.0/8', '192.168.1.10'],
    });
    const [problem] = problemsOf({ SWITCHYARD_METRICS_TOKEN: 'short' });
    expect(problem).toBe('SWITCHYARD_METRICS_TOKEN must be at least 16 characters');
  });

  it('refuses a body log retention that is not a whole number of days from 1 to 3650', () => {
    for (const value of ['0', '-1', '2.5', 'week', '3651'])
      expect(problemsOf({ SWITCHYARD_BODY_LOG_RETENTION_DAYS: value }).join('\n')).toMatch(
        /SWITCHYARD_BODY_LOG_RETENTION_DAYS/,
      );
    expect(loadConfig({ SWITCHYARD_BODY_LOG_RETENTION_DAYS: '30' }).bodyLogRetentionDays).toBe(30);
  });
});
