import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ProviderKeysChange } from '../../src/modules/providers/provider-change-feed.js';
import { ProviderKeysService } from '../../src/modules/provider-keys/provider-keys.service.js';
import { signedInAs } from '../support/admin-session.js';
import { newMasterKey, startKeysTestApp, type KeysTestApp } from './keys-test-app.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function waitFor<T>(find: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting for a change notification');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('provider key changes across replicas (Redis)', () => {
  let first: KeysTestApp;
  let second: KeysTestApp;
  let admin: string;
  const seenByFirst: ProviderKeysChange[] = [];
  const seenBySecond: ProviderKeysChange[] = [];

  beforeAll(async () => {
    const env = { REDIS_URL, SWITCHYARD_MASTER_KEY: newMasterKey() };
    first = await startKeysTestApp({ env });
    second = await startKeysTestApp({ env, database: first.database });
    first.app.get(ProviderKeysService, { strict: false }).onKeysChanged((c) => void seenByFirst.push(c));
    second.app.get(ProviderKeysService, { strict: false }).onKeysChanged((c) => void seenBySecond.push(c));
    admin = (await signedInAs(first, 'admin')).authorization;
  });

  afterAll(async () => {
    await second.stop();
    await first.close();
  });

  it('tells the other replica about a new key, which it can then load decrypted', async () => {
    const created = await first.http
      .post('/admin/provider-keys')
      .set('authorization', admin)
      .send({ provider: 'openai', secret: 'sk-replica-00000000000001', validate: false })
      .expect(201);
    const id = created.body.id as string;
    const change = await waitFor(() => seenBySecond.find((c) => c.keyIds.includes(id)));
    expect(change).toEqual({ reason: 'key_created', keyIds: [id], provider: 'openai' });
    const loaded = await second.app.get(ProviderKeysService, { strict: false }).loadKeyWithSecret(id);
    expect(loaded?.secret).toBe('sk-replica-00000000000001');
    expect(seenByFirst.filter((c) => c.keyIds.includes(id))).toHaveLength(1);
  });

  it('carries the pool disabling a key for auth back to the replica that serves the admin', async () => {
    const created = await first.http
      .post('/admin/provider-keys')
      .set('authorization', admin)
      .send({ provider: 'openai', secret: 'sk-replica-00000000000002', validate: false })
      .expect(201);
    const id = created.body.id as string;
    expect(await second.app.get(ProviderKeysService, { strict: false }).markAuthFailed(id, '401')).toBe(true);
    const change = await waitFor(() =>
      seenByFirst.find((c) => c.keyIds.includes(id) && c.reason === 'key_status'),
    );
    expect(change.provider).toBe('openai');
    expect(seenBySecond.filter((c) => c.keyIds.includes(id) && c.reason === 'key_status')).toHaveLength(1);
  });

  it('announces provider changes too', async () => {
    await first.http
      .patch('/admin/providers/deepseek')
      .set('authorization', admin)
      .send({ baseUrl: 'https://deepseek.example/v1' })
      .expect(200);
    await waitFor(() =>
      seenBySecond.find((c) => c.reason === 'provider_updated' && c.provider === 'deepseek'),
    );
  });
});
