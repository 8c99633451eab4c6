import { describe, expect, it } from '@jest/globals';
import { allowedTargets, modelAllowed } from './model-access.js';

const MINI = { provider: 'openai', model: 'gpt-4o-mini' };
const ROUTER = { provider: 'openrouter', model: 'openai/gpt-4o-mini' };
const CLAUDE = { provider: 'anthropic', model: 'claude-sonnet-4' };

describe('allow-lists', () => {
  it('admit everything when empty, handing back the route itself', () => {
    const targets = [MINI, CLAUDE];
    expect(allowedTargets([], null, targets)).toBe(targets);
    expect(modelAllowed([], 'gemini/gemini-2.5-pro')).toBe(true);
  });

  it('admit exact names and provider wildcards, and skip the fallbacks they do not name', () => {
    const list = ['openai/gpt-4o-mini', 'anthropic/*'];
    const targets = [MINI, CLAUDE];
    expect(allowedTargets(list, null, targets)).toBe(targets);
    expect(allowedTargets(list, null, [ROUTER, MINI])).toEqual([MINI]);
    expect(allowedTargets(list, null, [ROUTER])).toEqual([]);
    expect(modelAllowed(list, 'anthropic/claude-opus-4')).toBe(true);
    expect(modelAllowed(list, 'openai/gpt-4o')).toBe(false);
  });

  it('admit every target of an alias they name', () => {
    const targets = [ROUTER, CLAUDE];
    expect(allowedTargets(['smart'], 'smart', targets)).toBe(targets);
    expect(allowedTargets(['smart'], 'other', targets)).toEqual([]);
    expect(modelAllowed(['smart'], 'smart')).toBe(true);
  });

  it('answer the same for the same list however often they are asked', () => {
    const list = ['openrouter/*'];
    for (let round = 0; round < 3; round += 1)
      expect(allowedTargets(list, null, [MINI, ROUTER])).toEqual([ROUTER]);
  });
});
