import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testServerUrl } from '@switchyard/testing';
import { serverOf, startTcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('health and the error shape', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers liveness', async () => {
    const response = await api.http.get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers readiness after checking the database', async () => {
    const response = await api.http.get('/health/ready').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      checks: { database: 'ok', redis: 'not_configured', shutdown: false },
    });
  });

  it('gives every response a request id, keeping a safe one sent by the caller', async () => {
    const generated = await api.http.get('/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await api.http.get('/health/live').set('x-request-id', 'caller-id-42');
    expect(kept.headers['x-request-id']).toBe('caller-id-42');
    const replaced = await api.http.get('/health/live').set('x-request-id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).not.toBe('bad id\twith spaces');
  });

  it('answers unknown routes in the OpenAI error shape', async () => {
    const response = await api.http.get('/no/such/route').expect(404);
    expect(response.body).toEqual({
      error: {
        message: 'Cannot GET /no/such/route',
        type: 'not_found_error',
        code: 'not_found',
        param: null,
      },
    });
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await api.http
      .post('/health/live')
      .set('content-type', 'application/json')
      .send('{"model":');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
  });

  it('reports not ready once the database stops answering', async () => {
    const other = await startTestApp();
    await other.database.drop();
    const response = await other.http.get('/health/ready');
    expect(response.status).toBe(503);
    expect(response.body.checks.database).toBe('down');
    expect(response.body.reason).toMatch(/^database: /);
    await other.app.close();
  });

  it('answers readiness within its deadline, with the reason, while the database hangs', async () => {
    const { host, port } = serverOf(testServerUrl());
    const db = await startTcpProxy(host, port);
    const other = await startTestApp(
      { SWITCHYARD_READY_TIMEOUT_MS: '300', SWITCHYARD_DB_TIMEOUT_MS: '30000' },
      { connectThrough: (url) => db.urlFor(url) },
    );
    try {
      db.hang();
      const startedAt = performance.now();
      const response = await other.http.get('/health/ready');
      const tookMs = performance.now() - startedAt;
      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        status: 'unavailable',
        reason: 'database: timeout after 300 ms',
        checks: { database: 'down', redis: 'not_configured', shutdown: false },
      });
      expect(tookMs).toBeLessThan(2_000);
      db.restore();
      await other.http.get('/health/ready').expect(200);
    } finally {
      await other.close();
      await db.close();
    }
  });
});
