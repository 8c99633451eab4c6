import { describe, expect, it } from '@jest/globals';
import { normalizeBaseUrl, providerNameFromUrl } from './base-url.js';

describe('normalizeBaseUrl', () => {
  it.each([
    ['https://api.openai.com/v1', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1'],
    ['  HTTPS://API.Example.com:443/v1//  ', 'https://api.example.com/v1'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('keeps %j as %j', (input, expected) => {
    expect(normalizeBaseUrl(input)).toEqual({ url: expected });
  });

  it.each([
    ['ftp://example.com/v1', 'must be an http:// or https:// URL'],
    ['example.com/v1', 'must be an http:// or https:// URL'],
    ['https://key:secret@example.com/v1', 'must not carry credentials; keys are stored separately'],
    ['https://example.com/v1?key=abc', 'must not have a query string or fragment'],
    ['https://example.com/v1#x', 'must not have a query string or fragment'],
  ])('refuses %j', (input, problem) => {
    expect(normalizeBaseUrl(input)).toEqual({ problem });
  });
});

describe('providerNameFromUrl', () => {
  it('names a provider after the host and any explicit port', () => {
    expect(providerNameFromUrl('https://llm.example.com/v1')).toBe('llm-example-com');
    expect(providerNameFromUrl('http://127.0.0.1:4010/v1')).toBe('127-0-0-1-4010');
    expect(providerNameFromUrl(`https://${'a'.repeat(60)}.example/v1`)).toHaveLength(50);
  });
});
