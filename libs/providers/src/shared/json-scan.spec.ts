import { describe, expect, it } from '@jest/globals';
import { extractLastObjectValue, lastKeyHasNonNullValue } from './json-scan.js';

const USAGE = Buffer.from('"usage"');
const USAGE_TEXT = '"usage"';

describe('lastKeyHasNonNullValue', () => {
  it('is true only when the last occurrence of the key has a value other than null', () => {
    expect(lastKeyHasNonNullValue('{"usage":{"prompt_tokens":1}}', USAGE_TEXT)).toBe(true);
    expect(lastKeyHasNonNullValue('{"usage": null}', USAGE_TEXT)).toBe(false);
    expect(lastKeyHasNonNullValue('{"a":{"usage":null},"usage" : {"x":1}}', USAGE_TEXT)).toBe(true);
    expect(lastKeyHasNonNullValue('{"a":{"usage":{"x":1}},"usage":null}', USAGE_TEXT)).toBe(false);
  });

  it('is not fooled by the word inside string content', () => {
    expect(lastKeyHasNonNullValue('{"content":"usage"}', USAGE_TEXT)).toBe(false);
    expect(lastKeyHasNonNullValue('{"content":"say \\"usage\\": 1"}', USAGE_TEXT)).toBe(false);
  });
});

describe('extractLastObjectValue', () => {
  it('parses the last object value of the key, braces inside strings included', () => {
    const body = Buffer.from(
      '{"choices":[{"message":{"content":"a } { \\" b"}}],"usage":{"prompt_tokens":3,"note":"}"}}',
    );
    expect(extractLastObjectValue(body, USAGE)).toEqual({ prompt_tokens: 3, note: '}' });
  });

  it('returns undefined when the key is missing, null or truncated', () => {
    expect(extractLastObjectValue(Buffer.from('{"id":1}'), USAGE)).toBeUndefined();
    expect(extractLastObjectValue(Buffer.from('{"usage":null}'), USAGE)).toBeUndefined();
    expect(extractLastObjectValue(Buffer.from('{"usage":{"a":1'), USAGE)).toBeUndefined();
  });
});
