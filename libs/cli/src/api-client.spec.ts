import { afterEach, describe, expect, it } from '@jest/globals';
import { type ServerResponse } from 'node:http';
import { z } from 'zod';
import { ApiClient } from './api-client.js';
import { ApiError, ApiUnreachableError, UnexpectedResponseError } from './errors.js';
import { type TestServer, startTestServer } from '../test/support/test-server.js';

const shape = z.object({ items: z.array(z.object({ id: z.string() })) });

describe('ApiClient', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const answering = async (status: number, body: string, type = 'application/json') => {
    server = await startTestServer((response: ServerResponse) => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    });
    return server;
  };

  it('sends the bearer, JSON body and query under the base path', async () => {
    const { url, requests } = await answering(200, '{"items":[{"id":"a"}]}');
    const client = new ApiClient(new URL(`${url}/gateway`));
    const { body } = await client.json('POST', '/admin/things', shape, {
      bearer: 'sya-secret',
      body: { name: 'x' },
      query: { limit: '200', cursor: undefined },
    });
    expect(body).toEqual({ items: [{ id: 'a' }] });
    expect(requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/gateway/admin/things?limit=200',
        body: '{"name":"x"}',
      }),
    ]);
    expect(requests[0]?.headers).toMatchObject({
      authorization: 'Bearer sya-secret',
      'content-type': 'application/json',
    });
  });

  it("turns an error answer into the API's message, status and code", async () => {
    const { url } = await answering(
      404,
      '{"error":{"message":"No provider key with id x","type":"not_found_error","code":"provider_key_not_found","param":null}}',
    );
    const error = await new ApiClient(new URL(url)).json('GET', '/admin/x', shape).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      message: 'No provider key with id x',
      status: 404,
      code: 'provider_key_not_found',
    });
  });

  it('says so when an error answer carries no error message', async () => {
    const { url } = await answering(502, '<html>Bad gateway</html>', 'text/html');
    const error = await new ApiClient(new URL(url))
      .json('GET', '/health/ready', shape)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      message: 'the API answered GET /health/ready with HTTP 502 and no error message',
      status: 502,
      code: null,
    });
  });

  it('refuses a success answer that is not JSON or not the expected shape, naming the field', async () => {
    const html = await answering(200, '<html>hello</html>', 'text/html');
    await expect(new ApiClient(new URL(html.url)).json('GET', '/v1/models', shape)).rejects.toThrow(
      new UnexpectedResponseError('the answer to GET /v1/models is not JSON (HTTP 200)'),
    );
    await html.close();
    const wrong = await answering(200, '{"items":[{"id":7}]}');
    const error = await new ApiClient(new URL(wrong.url))
      .json('GET', '/v1/models', shape)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(
      /^unexpected answer to GET \/v1\/models \(HTTP 200\): items\.0\.id: /,
    );
  });

  it('reports an address nothing listens on as unreachable, naming it', async () => {
    const { url } = await answering(200, '{}');
    await server?.close();
    server = undefined;
    await expect(new ApiClient(new URL(url)).send('GET', '/health/ready')).rejects.toThrow(
      new ApiUnreachableError(`cannot reach the Switchyard API at ${url} (connection refused)`),
    );
  });
});
