import { startMockProvider, type MockProvider } from '@switchyard/testing';
import { type RawEnv } from '../../src/config/env.schema.js';
import { KeyPoolSync } from '../../src/modules/gateway-pool/key-pool-sync.js';
import { UsageRecorder } from '../../src/modules/usage/usage-recorder.js';
import { signedInAs } from './admin-session.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export interface Gateway {
  api: TestApp;
  mock: MockProvider;
  admin: string;
  teamId: string;
  token: string;
  /** A listening URL, for the official SDKs. */
  baseUrl: string;
  addKey(provider: string, secret: string, extra?: Record<string, unknown>): Promise<string>;
  issueToken(body?: Record<string, unknown>): Promise<{ id: string; token: string }>;
  flushUsage(): Promise<void>;
  close(): Promise<void>;
}

/** A real API listening on 127.0.0.1, its built-in providers pointed at a mock provider, one team and token. */
export async function startGateway(env: RawEnv = {}, options: TestAppOptions = {}): Promise<Gateway> {
  const mock = await startMockProvider();
  const api = await startTestApp(env, options);
  const { authorization: admin } = await signedInAs(api, 'owner');
  for (const [name, type] of [
    ['openai', 'openai'],
    ['anthropic', 'anthropic'],
    ['gemini', 'gemini'],
    ['openrouter', 'openai'],
  ] as const) {
    await api.http
      .patch(`/admin/providers/${name}`)
      .set('authorization', admin)
      .send({ baseUrl: mock.baseUrl(type) })
      .expect(200);
  }
  const team = await api.http
    .post('/admin/teams')
    .set('authorization', admin)
    .send({ name: `team-${Date.now()}` })
    .expect(201);
  const teamId = team.body.id as string;
  const issueToken = async (body: Record<string, unknown> = {}) => {
    const issued = await api.http
      .post(`/admin/teams/${teamId}/tokens`)
      .set('authorization', admin)
      .send({ name: 'app', ...body });
    if (issued.status !== 201)
      throw new Error(`token issue failed: ${issued.status} ${JSON.stringify(issued.body)}`);
    return { id: issued.body.id as string, token: issued.body.token as string };
  };
  const { token } = await issueToken();
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = await api.app.getUrl();
  const pool = api.app.get(KeyPoolSync, { strict: false });
  return {
    api,
    mock,
    admin,
    teamId,
    token,
    baseUrl,
    issueToken,
    async addKey(provider, secret, extra = {}) {
      const created = await api.http
        .post('/admin/provider-keys')
        .set('authorization', admin)
        .send({ provider, secret, validate: false, ...extra })
        .expect(201);
      await pool.resync();
      return created.body.id as string;
    },
    flushUsage: () => api.app.get(UsageRecorder, { strict: false }).flush(),
    async close() {
      await api.close();
      await mock.close();
    },
  };
}
