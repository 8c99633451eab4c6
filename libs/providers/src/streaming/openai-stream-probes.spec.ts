import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { OPENAI_USAGE_CHUNK, openAITextStream } from '../../test/sse-fixtures.js';
import { firstInspectedMarker, trailingUsageOnly } from './openai-stream-probes.js';

/** The markers spelled out as one regular expression: the reference the searches must agree with. */
const REFERENCE_MARKERS = /(?<!\\)"usage"[ \t]*:[ \t]*[^n \t]|rror"|vent:|\[DONE\]/;

const referenceOffset = (text: string) => REFERENCE_MARKERS.exec(text)?.index ?? text.length;

const probeText = fc
  .array(
    fc.constantFrom(
      '"usage"',
      'usage"',
      '\\"usage\\"',
      '\\',
      ':',
      ' ',
      '\t',
      'null',
      'n',
      '{}',
      '"error"',
      'rror',
      'event:',
      'vent',
      '[DONE]',
      '[DONE',
      'data: ',
      '\n',
      'x',
      '"',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const frameOf = (data: string) => {
  const text = `data: ${data}\n\n`;
  return { frame: Buffer.from(text, 'utf8'), text: Buffer.from(text, 'utf8').toString('latin1') };
};

describe('firstInspectedMarker', () => {
  it('finds the first usage value, error, event line or terminator, as one regular expression would', () => {
    fc.assert(
      fc.property(probeText, (text) => {
        expect(firstInspectedMarker(text)).toBe(referenceOffset(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('passes over a stream whose chunks all carry "usage":null, and stops at the usage chunk', () => {
    const body = openAITextStream().replace(/"usage":null/g, '"usage" : null');
    expect(body.match(/"usage" : null/g)).toHaveLength(4);
    const usageChunkAt = body.indexOf(OPENAI_USAGE_CHUNK);
    const marker = firstInspectedMarker(body);
    expect(marker).toBeGreaterThan(usageChunkAt);
    expect(marker).toBeLessThan(usageChunkAt + OPENAI_USAGE_CHUNK.length);
    expect(body.startsWith('"usage":{', marker)).toBe(true);
  });

  it('answers the text length when nothing needs reading', () => {
    expect(firstInspectedMarker('data: {"choices":[],"usage":null}\n\n')).toBe(35);
    expect(firstInspectedMarker('')).toBe(0);
  });
});

describe('trailingUsageOnly', () => {
  it("reads the usage object of OpenAI's closing chunk without parsing the rest", () => {
    const { frame, text } = frameOf(OPENAI_USAGE_CHUNK.slice('data: '.length).trimEnd());
    expect(trailingUsageOnly(frame, text)).toEqual(JSON.parse(OPENAI_USAGE_CHUNK.slice(6)).usage);
  });

  it('answers only for a top-level usage after empty choices, and then what a full parse reads', () => {
    const key = fc.constantFrom('id', 'usage', 'choices', 'x_groq', 'obfuscation', 'model');
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constant([]),
      fc.dictionary(key, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    );
    const space = fc.constantFrom('', ' ', '\t');
    const layout = fc.record({
      before: fc.array(fc.tuple(key, value), { maxLength: 3 }),
      choices: fc.oneof(fc.constant([]), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 })),
      usage: fc.oneof(
        fc.dictionary(fc.constantFrom('prompt_tokens', 'completion_tokens', 'usage', 'x'), fc.nat()),
        value,
      ),
      after: fc.array(fc.tuple(key, value), { maxLength: 2 }),
      spacing: fc.array(space, { minLength: 4, maxLength: 4 }),
    });
    fc.assert(
      fc.property(layout, ({ before, choices, usage, after, spacing }) => {
        const [s0, s1, s2, s3] = spacing as [string, string, string, string];
        const members = [
          ...before.map(([name, v]) => `"${name}":${JSON.stringify(v)}`),
          `"choices":${s0}${JSON.stringify(choices)}${s1},${s2}"usage":${s3}${JSON.stringify(usage)}`,
          ...after.map(([name, v]) => `"${name}":${JSON.stringify(v)}`),
        ];
        const data = `{${members.join(',')}}`;
        const parsed = JSON.parse(data) as { choices: unknown; usage: unknown };
        const { frame, text } = frameOf(data);
        const read = trailingUsageOnly(frame, text);
        const closingShape =
          after.length === 0 &&
          Array.isArray(choices) &&
          choices.length === 0 &&
          typeof usage === 'object' &&
          usage !== null &&
          !Array.isArray(usage) &&
          !('choices' in usage);
        if (closingShape) expect(read).toEqual(parsed.usage);
        if (read === undefined) return;
        expect(parsed.choices).toEqual([]);
        expect(read).toEqual(parsed.usage);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves usage nested deeper or followed by more keys, split data lines and broken JSON to a full parse', () => {
    const cases = [
      '{"choices":[],"x_groq":{"choices":[],"usage":{"prompt_tokens":1}}}',
      '{"choices":[],"usage":{"prompt_tokens":1},"obfuscation":"abc"}',
      '{"choices":[{"delta":{}}],"usage":{"prompt_tokens":1}}',
      '{"choices":[],"usage":{"prompt_tokens":\ndata: 1}}',
      '{"choices":[],"usage":null}',
      '{"choices":[],"usage":{"prompt_tokens":1}]',
    ];
    for (const data of cases) {
      const { frame, text } = frameOf(data);
      expect(trailingUsageOnly(frame, text)).toBeUndefined();
    }
  });

  it('decodes the usage object as UTF-8', () => {
    const { frame, text } = frameOf('{"choices":[],"usage":{"prompt_tokens":1,"note":"wörld 🚀"}}');
    expect(trailingUsageOnly(frame, text)).toEqual({ prompt_tokens: 1, note: 'wörld 🚀' });
  });
});
