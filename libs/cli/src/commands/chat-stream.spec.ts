import { afterEach, describe, expect, it } from '@jest/globals';
import { ApiError, ApiUnreachableError, UnexpectedResponseError } from '../errors.js';
import { type TestServer, startTestServer } from '../../test/support/test-server.js';
import { relayChatStream } from './chat-stream.js';

const chunk = (content: string) =>
  `data: ${JSON.stringify({ model: 'gpt-4o-mini', choices: [{ delta: { content } }] })}\n\n`;

describe('relayChatStream', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function streamOf(body: string) {
    server = await startTestServer((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(body);
    });
    const written: string[] = [];
    const response = await fetch(server.url);
    const result = await relayChatStream(response, { write: (text: string) => written.push(text) }).catch(
      (error: unknown) => error,
    );
    return { result, written };
  }

  it('writes each delta, then a newline, and returns the model and the usage chunk', async () => {
    const usage = `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2 } })}\n\n`;
    const { result, written } = await streamOf(`${chunk('Hello')}${chunk(' there')}${usage}data: [DONE]\n\n`);
    expect(written).toEqual(['Hello', ' there', '\n']);
    expect(result).toEqual({ model: 'gpt-4o-mini', usage: { prompt_tokens: 3, completion_tokens: 2 } });
  });

  it('keeps what was written and throws the error event the gateway ends a failed stream with', async () => {
    const failure = `data: ${JSON.stringify({
      error: {
        message: 'The upstream connection was lost mid-stream',
        type: 'api_error',
        code: 'upstream_error',
        param: null,
      },
    })}\n\n`;
    const { result, written } = await streamOf(`${chunk('Half')}${failure}data: [DONE]\n\n`);
    expect(written).toEqual(['Half', '\n']);
    expect(result).toBeInstanceOf(ApiError);
    expect(result).toMatchObject({
      message: 'The upstream connection was lost mid-stream',
      status: null,
      code: 'upstream_error',
    });
  });

  it('refuses a stream that ends without [DONE] or carries something other than JSON', async () => {
    const cut = await streamOf(chunk('Partial'));
    expect(cut.written).toEqual(['Partial', '\n']);
    expect(cut.result).toEqual(
      new ApiUnreachableError('the stream from the Switchyard API ended before [DONE]'),
    );
    await server?.close();
    const garbage = await streamOf('data: not json\n\n');
    expect(garbage.result).toBeInstanceOf(UnexpectedResponseError);
    expect(garbage.written).toEqual([]);
  });
});
