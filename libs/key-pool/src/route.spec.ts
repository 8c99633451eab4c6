import { describe, expect, it } from '@jest/globals';
import { parseTarget, RouteParser } from './route.js';

describe('targets and routes', () => {
  it('split the provider at the first slash and keep the rest as the model', () => {
    expect(parseTarget('openrouter/openai/gpt-4o-mini')).toEqual({
      provider: 'openrouter',
      model: 'openai/gpt-4o-mini',
      name: 'openrouter/openai/gpt-4o-mini',
    });
    for (const bad of ['gpt-4o', '/gpt-4o', 'openai/']) expect(() => parseTarget(bad)).toThrow(RangeError);
  });

  it('parse each route once', () => {
    const parser = new RouteParser();
    const chain = ['openai/gpt-4o', 'anthropic/claude-sonnet-4'];
    expect(parser.parse('openai/gpt-4o')).toBe(parser.parse('openai/gpt-4o'));
    expect(parser.parse(chain)).toBe(parser.parse(chain));
    expect(parser.parse({ targets: chain }).map((target) => target.provider)).toEqual([
      'openai',
      'anthropic',
    ]);
    expect(() => parser.parse([])).toThrow(RangeError);
  });
});
