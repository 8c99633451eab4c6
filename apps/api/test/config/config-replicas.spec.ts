import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { issueToken } from '@switchyard/crypto';
import { signedInAs } from '../support/admin-session.js';
import { type TestApp } from '../support/test-app.js';
import { configDeployment, type ConfigDeployment } from './config-boot.js';

describe('SWITCHYARD_CONFIG on replicas that start together', () => {
  let deployment: ConfigDeployment;
  const apps: TestApp[] = [];

  afterAll(async () => {
    for (const app of apps) await app.close();
    await deployment.drop();
  });

  it('is applied once: the later replica finds nothing left to do', async () => {
    deployment = await configDeployment();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-config-replicas-'));
    const file = path.join(dir, 'switchyard.yaml');
    const teams = ['red', 'green', 'blue'].map(
      (name) =>
        `  - name: ${name}\n    budget: { limit_usd: 10, period: monthly }\n` +
        `    tokens:\n      - name: ${name}-app\n        token: ${issueToken('sy').token}\n`,
    );
    await writeFile(file, `teams:\n${teams.join('')}`);

    apps.push(
      ...(await Promise.all([deployment.start(file), deployment.start(file), deployment.start(file)])),
    );

    const api = apps[0]!;
    const { authorization } = await signedInAs(api, 'owner');
    const listed = await api.http.get('/admin/teams').set('authorization', authorization).expect(200);
    expect((listed.body.items as { name: string }[]).map((team) => team.name).sort()).toEqual([
      'blue',
      'green',
      'red',
    ]);
    const tokens = await api.http
      .get('/admin/tokens?includeRevoked=true')
      .set('authorization', authorization)
      .expect(200);
    expect(tokens.body.items).toHaveLength(3);
    const audit = await api.http
      .get('/admin/audit?actor=SWITCHYARD_CONFIG&limit=200')
      .set('authorization', authorization)
      .expect(200);
    expect((audit.body.items as { action: string }[]).map((event) => event.action).sort()).toEqual(
      [
        ...Array(3).fill('team.create'),
        ...Array(3).fill('budget.set'),
        ...Array(3).fill('token.create'),
      ].sort(),
    );
  });
});
