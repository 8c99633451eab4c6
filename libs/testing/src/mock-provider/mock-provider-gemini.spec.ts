import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fetch } from 'undici';
import { startMockProvider, type MockProvider } from './mock-provider.js';

let mock: MockProvider;
const KEY = 'AIza-mock-gemini';

beforeAll(async () => {
  mock = await startMockProvider();
});

afterAll(async () => {
  await mock.close();
});

async function post(
  path: string,
  body: unknown,
): Promise<{ status: number; text: string; contentType: string | null }> {
  const response = await fetch(`${mock.baseUrl('gemini')}${path}`, {
    method: 'POST',
    headers: { 'x-goog-api-key': KEY, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    text: await response.text(),
    contentType: response.headers.get('content-type'),
  };
}

const prompt = { contents: [{ role: 'user', parts: [{ text: 'echo: hello gemini world' }] }] };

describe('the mock Gemini API', () => {
  it('answers generateContent with candidates, finish reason and usage metadata', async () => {
    const { status, text } = await post('/models/gemini-2.5-flash:generateContent', prompt);
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      candidates: [
        {
          content: { role: 'model', parts: [{ text: 'hello gemini world' }] },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 6, candidatesTokenCount: 3, totalTokenCount: 9 },
      modelVersion: 'gemini-2.5-flash',
    });
  });

  it('streams one SSE event per word with \\r\\n line endings, the last one finished', async () => {
    const { status, text, contentType } = await post(
      '/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      prompt,
    );
    expect(status).toBe(200);
    expect(contentType).toContain('text/event-stream');
    const events = text
      .split('\r\n\r\n')
      .filter(Boolean)
      .map(
        (event) =>
          JSON.parse(event.replace(/^data: /, '')) as {
            candidates: { content: { parts: { text: string }[] }; finishReason?: string }[];
          },
      );
    expect(events.map((event) => event.candidates[0]?.content.parts[0]?.text)).toEqual([
      'hello',
      ' gemini',
      ' world',
    ]);
    expect(events.map((event) => event.candidates[0]?.finishReason)).toEqual([undefined, undefined, 'STOP']);
  });

  it('calls the first declared function when asked', async () => {
    const { text } = await post('/models/gemini-2.5-pro:generateContent', {
      contents: [{ role: 'user', parts: [{ text: 'Use the tool please' }] }],
      tools: [
        {
          functionDeclarations: [
            { name: 'get_weather', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } } } },
          ],
        },
      ],
    });
    expect(JSON.parse(text)).toMatchObject({
      candidates: [
        {
          content: { parts: [{ functionCall: { name: 'get_weather', args: { city: 'mock' } } }] },
          finishReason: 'STOP',
        },
      ],
    });
  });

  it('stops at maxOutputTokens with MAX_TOKENS', async () => {
    const { text } = await post('/models/gemini-2.5-flash:generateContent', {
      ...prompt,
      generationConfig: { maxOutputTokens: 1 },
    });
    expect(JSON.parse(text)).toMatchObject({
      candidates: [{ content: { parts: [{ text: 'hello' }] }, finishReason: 'MAX_TOKENS' }],
    });
  });

  it('embeds single and batched contents deterministically', async () => {
    const single = JSON.parse(
      (
        await post('/models/gemini-embedding-001:embedContent', {
          content: { parts: [{ text: 'x' }] },
          outputDimensionality: 4,
        })
      ).text,
    ) as {
      embedding: { values: number[] };
    };
    const batch = JSON.parse(
      (
        await post('/models/gemini-embedding-001:batchEmbedContents', {
          requests: [
            { content: { parts: [{ text: 'x' }] }, outputDimensionality: 4 },
            { content: { parts: [{ text: 'y' }] } },
          ],
        })
      ).text,
    ) as { embeddings: { values: number[] }[] };
    expect(single.embedding.values).toHaveLength(4);
    expect(batch.embeddings[0]?.values).toEqual(single.embedding.values);
    expect(batch.embeddings[1]?.values).toHaveLength(8);
  });

  it('lists models and accepts the key as a query parameter', async () => {
    const response = await fetch(`${mock.baseUrl('gemini')}/models?key=${KEY}`);
    expect(await response.json()).toMatchObject({
      models: expect.arrayContaining([expect.objectContaining({ name: 'models/gemini-2.5-flash' })]),
    });
    expect(mock.lastRequest(KEY)).toMatchObject({ method: 'GET', path: '/v1beta/models', api: 'gemini' });
  });
});
