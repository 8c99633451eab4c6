import { describe, expect, it } from '@jest/globals';
import { splitModelId } from './route-target.js';

describe('splitModelId', () => {
  it('splits at the first slash only', () => {
    expect(splitModelId('openai/gpt-4o-mini')).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(splitModelId('openrouter/openai/gpt-4o-mini')).toEqual({
      provider: 'openrouter',
      model: 'openai/gpt-4o-mini',
    });
  });

  it('is null without both a provider and a model', () => {
    expect(splitModelId('gpt-4o')).toBeNull();
    expect(splitModelId('/gpt-4o')).toBeNull();
    expect(splitModelId('openai/')).toBeNull();
    expect(splitModelId('')).toBeNull();
  });
});
