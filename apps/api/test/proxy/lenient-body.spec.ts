import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

/** A POST exactly as written: no content type unless one is given. */
function rawPost(url: string, body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const sent = request(url, { method: 'POST', headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    sent.once('error', reject);
    sent.end(body);
  });
}

describe('JSON bodies sent the way curl sends them', () => {
  let gw: Gateway;
  const chat = JSON.stringify({
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: 'echo: curl' }],
  });

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('openai', 'sk-lenient-body-000000001');
  });
  afterAll(async () => {
    await gw.close();
  });

  it('reads /v1 JSON sent without a content type, or as curl -d sends it (form-encoded)', async () => {
    const auth = { authorization: `Bearer ${gw.token}` };
    for (const headers of [auth, { ...auth, 'content-type': 'application/x-www-form-urlencoded' }]) {
      const answer = await rawPost(`${gw.baseUrl}/v1/chat/completions`, chat, headers);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ choices: [{ message: { content: 'curl' } }] });
    }
    const broken = await rawPost(`${gw.baseUrl}/v1/chat/completions`, '{"model":', auth);
    expect(broken).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it('keeps the control plane strict about its content type', async () => {
    const answer = await rawPost(`${gw.baseUrl}/admin/teams`, '{"name":"x"}', {
      authorization: gw.admin,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(answer).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
  });
});
