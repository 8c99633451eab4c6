import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp } from '../../src/app.factory.js';
import { ConfigError } from '../../src/config/load-config.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TIERED = `
primary:
  - provider: openai
    api_key: sk-config-primary-000001
    models: [gpt-4o-mini]
daily:
  - provider: gemini
    api_key: gemini-config-daily-0002
fallback:
  - provider: openrouter
    api_key: sk-or-config-fallback-03
`;

describe('SWITCHYARD_CONFIG', () => {
  let dir: string;
  let api: TestApp;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-config-'));
    await writeFile(path.join(dir, 'keys.yaml'), TIERED);
    api = await startTestApp({ SWITCHYARD_CONFIG: path.join(dir, 'keys.yaml') });
  });

  afterAll(async () => {
    await api.close();
  });

  it('imports the tiered keys at start, and a restart adds nothing twice', async () => {
    const { authorization } = await signedInAs(api, 'owner');
    const listed = async () =>
      (await api.http.get('/admin/provider-keys').set('authorization', authorization).expect(200)).body
        .items as { provider: string; tier: string; last4: string }[];
    const first = await listed();
    expect(first.map((k) => [k.provider, k.tier, k.last4]).sort()).toEqual([
      ['gemini', 'daily', '0002'],
      ['openai', 'primary', '0001'],
      ['openrouter', 'fallback', 'k-03'],
    ]);
    const again = await createApp({ config: api.config, databaseUrl: api.database.url, logger: api.logger });
    await again.init();
    await again.close();
    expect(await listed()).toHaveLength(3);
  });

  it('refuses to start on a broken file, naming the line', async () => {
    await writeFile(
      path.join(dir, 'broken.yaml'),
      'primary:\n  - provider: openai\n    api_key: [unclosed\n',
    );
    const broken = createApp({
      config: { ...api.config, configFile: path.join(dir, 'broken.yaml') },
      databaseUrl: api.database.url,
      logger: api.logger,
    }).then((app) => app.init());
    await expect(broken).rejects.toBeInstanceOf(ConfigError);
    await expect(broken).rejects.toMatchObject({
      problems: [expect.stringMatching(/^SWITCHYARD_CONFIG.*line/)],
    });
    const missing = createApp({
      config: { ...api.config, configFile: path.join(dir, 'nope.yaml') },
      databaseUrl: api.database.url,
      logger: api.logger,
    }).then((app) => app.init());
    await expect(missing).rejects.toMatchObject({
      problems: [expect.stringMatching(/^SWITCHYARD_CONFIG cannot be read: ENOENT/)],
    });
  });
});
