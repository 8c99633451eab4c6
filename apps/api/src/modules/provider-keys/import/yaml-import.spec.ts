import { describe, expect, it } from '@jest/globals';
import { ImportSyntaxError } from './import-entry.js';
import { parseYamlImport } from './yaml-import.js';

function syntaxError(content: string): ImportSyntaxError {
  try {
    parseYamlImport(content);
  } catch (error) {
    if (error instanceof ImportSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('parseYamlImport', () => {
  it('reads each tier list, one entry per key, with its line and settings', () => {
    const entries = parseYamlImport(
      [
        'primary:',
        '  - provider: openai',
        '    api_key: sk-one',
        '    models: [gpt-4o-mini]',
        '    label: Main',
        '    weight: 3',
        '    max_concurrency: 9',
        'daily:',
        '  - provider: gemini',
        '    api_keys: [AIza-two, AIza-three]',
        'fallback:',
        '  - name: my-proxy',
        '    type: anthropic',
        '    base_url: https://proxy.example/v1',
        '    api_key: "px-four"',
        '    models: a, b',
      ].join('\n'),
    );
    expect(entries).toEqual([
      expect.objectContaining({
        line: 3,
        tier: 'primary',
        provider: 'openai',
        secret: 'sk-one',
        models: ['gpt-4o-mini'],
        label: 'Main',
        weight: 3,
        maxConcurrency: 9,
        problem: null,
      }),
      expect.objectContaining({
        line: 10,
        tier: 'daily',
        provider: 'gemini',
        secret: 'AIza-two',
        problem: null,
      }),
      expect.objectContaining({
        line: 10,
        tier: 'daily',
        provider: 'gemini',
        secret: 'AIza-three',
        problem: null,
      }),
      expect.objectContaining({
        line: 15,
        tier: 'fallback',
        provider: null,
        providerName: 'my-proxy',
        providerType: 'anthropic',
        baseUrl: 'https://proxy.example/v1',
        secret: 'px-four',
        models: ['a', 'b'],
        problem: null,
      }),
    ]);
  });

  it('accepts empty tiers and follows aliases', () => {
    expect(parseYamlImport('primary:\ndaily: []\nfallback:\n')).toEqual([]);
    const aliased = parseYamlImport(
      ['primary:', '  - &k', '    provider: openai', '    api_key: sk-alias', 'fallback:', '  - *k'].join(
        '\n',
      ),
    );
    expect(aliased.map((e) => [e.tier, e.secret])).toEqual([
      ['primary', 'sk-alias'],
      ['fallback', 'sk-alias'],
    ]);
  });

  it('marks entries with wrong field types as problems instead of failing the file', () => {
    const [missing, numeric, badTypes] = parseYamlImport(
      [
        'primary:',
        '  - provider: openai',
        '  - provider: openai',
        '    api_key: 123456789',
        '  - provider: [x]',
        '    type: cohere',
        '    api_key: sk-ok',
        '    models: {a: 1}',
        '    weight: 1.5',
      ].join('\n'),
    );
    expect(missing).toMatchObject({ line: 2, secret: null, problem: 'api_key is required' });
    expect(numeric).toMatchObject({ line: 4, secret: null, problem: 'api_key must be text' });
    expect(badTypes?.problem).toBe(
      'provider must be text; type must be openai, anthropic or gemini; models must be a list of model names; weight must be a whole number',
    );
  });

  it.each([
    ['', 1, 'the document is empty'],
    ['- a', 1, 'expected top-level primary, daily or fallback lists'],
    ['primary:\n  - provider: openai\nsecondary: []', 3, 'unknown section "secondary"'],
    ['primary: {provider: openai}', 1, 'primary must be a list of keys'],
    ['daily:\n  - 42', 2, 'each daily entry must be a mapping'],
    ['primary:\n  - provider: openai\n    api_key: "sk-unterminated', 3, 'invalid YAML'],
    ['primary:\n  - provider: a\n    provider: b', 3, 'invalid YAML: Map keys must be unique'],
  ])('refuses %j naming line %d', (content, line, reason) => {
    const error = syntaxError(content);
    expect(error.line).toBe(line);
    expect(error.reason).toContain(reason);
    expect(error.reason).not.toContain('sk-unterminated');
  });
});
