import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const METRICS_TOKEN = 'scrape-me-with-this-secret-0001';

describe('/metrics and /docs', () => {
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof signedInAs>>;

  beforeAll(async () => {
    api = await startTestApp({ SWITCHYARD_METRICS_TOKEN: METRICS_TOKEN });
    owner = await signedInAs(api, 'owner');
  });

  afterAll(async () => {
    await api.close();
  });

  const key = async (role: string) =>
    (
      await api.http
        .post('/admin/api-keys')
        .set('authorization', owner.authorization)
        .send({ name: `${role}-scraper`, role })
        .expect(201)
    ).body as { id: string; key: string };

  it('answers 401 without credentials, with a wrong token and with a console session', async () => {
    const anonymous = await api.http.get('/metrics').expect(401);
    expect(anonymous.body.error.type).toBe('authentication_error');
    expect(anonymous.text).not.toContain('switchyard_');
    await api.http.get('/metrics').set('authorization', 'Bearer not-the-token-at-all').expect(401);
    await api.http.get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
    await api.http.get('/metrics').set('authorization', owner.authorization).expect(401);
    await api.http.get('/metrics').set('authorization', 'Bearer sya-doesnotexist').expect(401);
  });

  it('answers the metrics token and owner, admin and auditor API keys', async () => {
    const viaToken = await api.http
      .get('/metrics')
      .set('authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(viaToken.text).toContain('switchyard_usage_queue_pending');
    for (const role of ['owner', 'admin', 'auditor']) {
      const scraper = await key(role);
      await api.http.get('/metrics').set('authorization', `Bearer ${scraper.key}`).expect(200);
    }
    const revoked = await key('auditor');
    await api.http
      .delete(`/admin/api-keys/${revoked.id}`)
      .set('authorization', owner.authorization)
      .expect(200);
    await api.http.get('/metrics').set('authorization', `Bearer ${revoked.key}`).expect(401);
  });

  it('serves /docs unless SWITCHYARD_DOCS=false', async () => {
    await api.http.get('/docs/json').expect(200);
    const closed = await startTestApp({ SWITCHYARD_DOCS: 'false' });
    try {
      await closed.http.get('/docs/json').expect(404);
      await closed.http.get('/docs').expect(404);
    } finally {
      await closed.close();
    }
  });
});
