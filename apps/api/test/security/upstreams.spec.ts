import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('provider base URLs', () => {
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof signedInAs>>;
  let admin: Awaited<ReturnType<typeof signedInAs>>;

  beforeAll(async () => {
    api = await startTestApp({ SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'false' });
    owner = await signedInAs(api, 'owner');
    admin = await signedInAs(api, 'admin');
  });

  afterAll(async () => {
    await api.close();
  });

  const create = (name: string, baseUrl: string) =>
    api.http
      .post('/admin/providers')
      .set('authorization', admin.authorization)
      .send({ name, type: 'openai', baseUrl });

  it.each([
    ['the metadata address', 'http://169.254.169.254/latest', /link-local, metadata/],
    ['a link-local address', 'http://169.254.10.1/v1', /link-local/],
    ['the AWS IPv6 metadata address', 'http://[fd00:ec2::254]/v1', /metadata/],
    ['an IPv4-mapped metadata address', 'http://[::ffff:169.254.169.254]/v1', /metadata/],
    ['a metadata host name', 'http://metadata.google.internal/computeMetadata/v1', /metadata service/],
    ['a private range', 'http://10.0.0.5/v1', /SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS=true/],
    ['this machine', 'http://127.0.0.1:8080/v1', /SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS=true/],
    ['localhost by name', 'http://localhost:8080/v1', /SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS=true/],
  ])('refuses %s', async (_what, baseUrl, reason) => {
    const refused = await create('refused', baseUrl).expect(400);
    expect(refused.body.error).toMatchObject({ code: 'upstream_address_refused', param: 'baseUrl' });
    expect(refused.body.error.message).toMatch(reason);
    const patched = await api.http
      .patch('/admin/providers/openai')
      .set('authorization', owner.authorization)
      .send({ baseUrl })
      .expect(400);
    expect(patched.body.error.code).toBe('upstream_address_refused');
  });

  it('accepts a public address, and private ranges only when the operator allows them', async () => {
    await create('public', 'https://8.8.8.8/v1').expect(201);
    const open = await startTestApp({ SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true' });
    try {
      const openAdmin = await signedInAs(open, 'admin');
      const post = (baseUrl: string) =>
        open.http
          .post('/admin/providers')
          .set('authorization', openAdmin.authorization)
          .send({ name: 'onprem', type: 'openai', baseUrl });
      await post('http://169.254.169.254/v1').expect(400);
      await post('http://10.0.0.5/v1').expect(201);
    } finally {
      await open.close();
    }
  });

  it('refuses an import whose base_url would create a provider at a forbidden address', async () => {
    const content = 'primary:\n  - base_url: http://169.254.169.254/v1\n    api_key: sk-metadata-000001\n';
    const report = await api.http
      .post('/admin/provider-keys/import')
      .set('authorization', admin.authorization)
      .send({ format: 'yaml', content, dryRun: true })
      .expect(200);
    expect(report.body).toMatchObject({ accepted: false, providersCreated: [] });
    expect(report.body.entries[0]).toMatchObject({
      status: 'invalid',
      error: expect.stringMatching(/^base_url must not/),
    });
  });

  it('lets only an owner repoint a provider that holds keys, and audits the old and new host', async () => {
    await create('holder', 'https://8.8.4.4/v1').expect(201);
    await api.http
      .post('/admin/provider-keys')
      .set('authorization', admin.authorization)
      .send({ provider: 'holder', secret: 'sk-held-key-00000001', validate: false })
      .expect(201);
    const refused = await api.http
      .patch('/admin/providers/holder')
      .set('authorization', admin.authorization)
      .send({ baseUrl: 'https://1.1.1.1/v1' })
      .expect(403);
    expect(refused.body.error).toMatchObject({ code: 'owner_only', param: 'baseUrl' });
    await api.http
      .patch('/admin/providers/holder')
      .set('authorization', owner.authorization)
      .send({ baseUrl: 'https://1.1.1.1/v1' })
      .expect(200);
    const audit = await api.http
      .get('/admin/audit')
      .query({ action: 'provider.update', targetId: 'holder' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      actor: { label: owner.email },
      before: { host: '8.8.4.4', keyCount: 1 },
      after: { host: '1.1.1.1' },
    });
    // Without keys, an admin may still move a provider.
    await create('empty', 'https://8.8.4.4/v1').expect(201);
    await api.http
      .patch('/admin/providers/empty')
      .set('authorization', admin.authorization)
      .send({ baseUrl: 'https://1.1.1.1/v1' })
      .expect(200);
  });
});

describe('an upstream that answers with a redirect', () => {
  let api: TestApp;
  let redirector: Server;

  beforeAll(async () => {
    redirector = createServer((_request, response) => {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      response.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    api = await startTestApp();
  });

  afterAll(async () => {
    await api.close();
    await new Promise((resolve) => redirector.close(resolve));
  });

  it('is an upstream error, never an empty 200, and fails the key check', async () => {
    const owner = await signedInAs(api, 'owner');
    const as = { authorization: owner.authorization };
    const baseUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/v1`;
    await api.http
      .post('/admin/providers')
      .set(as)
      .send({ name: 'mover', type: 'openai', baseUrl })
      .expect(201);
    const key = await api.http
      .post('/admin/provider-keys')
      .set(as)
      .send({ provider: 'mover', secret: 'sk-moved-away-000001', models: ['gpt-4o-mini'], validate: false })
      .expect(201);
    const check = await api.http.post(`/admin/provider-keys/${key.body.id}/test`).set(as).expect(200);
    expect(check.body).toMatchObject({ ok: false, error: expect.stringMatching(/redirect/) });

    const team = await api.http.post('/admin/teams').set(as).send({ name: 'movers' }).expect(201);
    const token = await api.http
      .post(`/admin/teams/${team.body.id}/tokens`)
      .set(as)
      .send({ name: 'svc' })
      .expect(201);
    const chat = await api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${token.body.token}`)
      .send({ model: 'mover/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.status).toBeGreaterThanOrEqual(500);
    expect(chat.body.error).toBeDefined();
  });
});
