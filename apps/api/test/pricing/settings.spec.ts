import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { PriceTable } from '../../src/modules/pricing/price-table.js';
import { SettingsService } from '../../src/modules/settings/settings.service.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startSecondReplica } from '../credits/support/replicas.js';
import { waitFor } from '../credits/support/wait-for.js';

describe('runtime settings, and catalogs across replicas', () => {
  let api: TestApp;
  let second: NestFastifyApplication;
  let owner: Awaited<ReturnType<typeof signedInAs>>;

  beforeAll(async () => {
    api = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6379' });
    second = await startSecondReplica(api);
    owner = await signedInAs(api, 'owner');
  });

  afterAll(async () => {
    await second.close();
    await api.close();
  });

  const patch = (body: unknown, session = owner) =>
    api.http
      .patch('/admin/settings')
      .set('authorization', session.authorization)
      .send(body as object);

  it('starts with unpriced models refused under a budget', async () => {
    const response = await api.http
      .get('/admin/settings')
      .set('authorization', owner.authorization)
      .expect(200);
    expect(response.body).toEqual({ allowUnpricedModels: false, bodyLogRedactions: [] });
    expect(api.app.get(SettingsService, { strict: false }).allowUnpricedModels()).toBe(false);
  });

  it('changes a setting, audits it, and every replica reads the new value from memory', async () => {
    const response = await patch({ allowUnpricedModels: true }).expect(200);
    expect(response.body).toEqual({ allowUnpricedModels: true, bodyLogRedactions: [] });
    expect(api.app.get(SettingsService, { strict: false }).allowUnpricedModels()).toBe(true);
    const other = second.get(SettingsService, { strict: false });
    await waitFor(async () => other.allowUnpricedModels());
    const audit = await api.http
      .get('/admin/audit')
      .query({ action: 'settings.update' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      before: { allowUnpricedModels: false },
      after: { allowUnpricedModels: true },
    });
    // Setting the value it already has writes nothing.
    await patch({ allowUnpricedModels: true }).expect(200);
    const again = await api.http
      .get('/admin/audit')
      .query({ action: 'settings.update' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(again.body.items).toHaveLength(1);
    await patch({ allowUnpricedModels: false }).expect(200);
    await waitFor(async () => !other.allowUnpricedModels());
  });

  it('refuses invalid changes with 400 naming the field', async () => {
    expect((await patch({ allowUnpricedModels: 'yes' }).expect(400)).body.error.param).toBe(
      'allowUnpricedModels',
    );
    expect((await patch({ allowUnpricedModels: null }).expect(400)).body.error.param).toBe(
      'allowUnpricedModels',
    );
    expect((await patch({}).expect(400)).body.error.message).toContain('at least one setting');
    expect((await patch({ logLevel: 'debug' }).expect(400)).body.error.message).toContain('"logLevel"');
  });

  it('lets an auditor read settings but not change them; team roles neither', async () => {
    const auditor = await signedInAs(api, 'auditor');
    await api.http.get('/admin/settings').set('authorization', auditor.authorization).expect(200);
    await patch({ allowUnpricedModels: true }, auditor).expect(403);
    for (const role of ['team_admin', 'member'] as const) {
      const session = await signedInAs(api, role);
      await api.http.get('/admin/settings').set('authorization', session.authorization).expect(403);
      await patch({ allowUnpricedModels: true }, session).expect(403);
    }
  });

  it('shows a price edited on one replica on the other', async () => {
    await api.http
      .put('/admin/pricing')
      .set('authorization', owner.authorization)
      .send({ provider: 'mistral', model: 'mistral-large', inputUsdPerMTok: 2, outputUsdPerMTok: 6 })
      .expect(200);
    const other = second.get(PriceTable, { strict: false });
    await waitFor(async () => other.priceOf('mistral', 'mistral-large')?.outputMicrosPerMTok === 6_000_000n);
  });
});
