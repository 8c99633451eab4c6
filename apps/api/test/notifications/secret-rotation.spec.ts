import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createTestDatabase,
  startWebhookReceiver,
  type TestDatabase,
  type WebhookReceiver,
} from '@switchyard/testing';
import { runRotateMasterKey } from '../../src/cli/rotate-master-key.command.js';
import { newMasterKey, startKeysTestApp } from '../provider-keys/keys-test-app.js';
import { signedInAs } from '../support/admin-session.js';
import { testTemplate } from '../support/test-app.js';

const SECRET = 'rotation-signing-secret-0001';

describe('a channel secret across a master key rotation', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    database = await createTestDatabase(testTemplate());
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await database?.drop();
  });

  it('is re-encrypted by rotate-master-key, and still signs deliveries under the new key alone', async () => {
    const keyA = newMasterKey();
    const keyB = newMasterKey();
    const env = { SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: 'true' };
    const before = await startKeysTestApp({ database, env: { ...env, SWITCHYARD_MASTER_KEY: keyA } });
    const admin = (await signedInAs(before, 'admin')).authorization;
    const channel = await before.http
      .post('/admin/notifications')
      .set('authorization', admin)
      .send({ kind: 'webhook', url: receiver.url('/rotated'), events: ['key.exhausted'], secret: SECRET })
      .expect(201);
    await before.stop();

    const lines: string[] = [];
    const code = await runRotateMasterKey(
      {
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        SWITCHYARD_MASTER_KEY: keyB,
        SWITCHYARD_PREVIOUS_MASTER_KEYS: keyA,
      },
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    expect(lines.at(-1)).toMatch(/re-encrypted 1, already current 0, unreadable 0$/);

    const after = await startKeysTestApp({ database, env: { ...env, SWITCHYARD_MASTER_KEY: keyB } });
    try {
      const owner = (await signedInAs(after, 'owner')).authorization;
      const tested = await after.http
        .post(`/admin/notifications/${channel.body.id as string}/test`)
        .set('authorization', owner)
        .expect(200);
      expect(tested.body).toMatchObject({ status: 'delivered' });
      const [request] = receiver.received('/rotated');
      expect(request!.headers['x-switchyard-signature']).toBe(
        `sha256=${createHmac('sha256', SECRET).update(request!.body).digest('hex')}`,
      );
    } finally {
      await after.stop();
    }
  }, 90_000);
});
