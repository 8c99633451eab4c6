import { describe, expect, it } from '@jest/globals';
import { diffRecords } from './diff';

describe('diffRecords', () => {
  it('compares nested fields by dotted path', () => {
    const changes = diffRecords(
      { tier: 'primary', weight: 1, limits: { rpm: 10 }, label: 'A' },
      { tier: 'fallback', weight: 1, limits: { rpm: 20, tpm: 5 } },
    );
    expect(changes).toEqual([
      { path: 'label', kind: 'removed', before: '"A"' },
      { path: 'limits.rpm', kind: 'changed', before: '10', after: '20' },
      { path: 'limits.tpm', kind: 'added', after: '5' },
      { path: 'tier', kind: 'changed', before: '"primary"', after: '"fallback"' },
      { path: 'weight', kind: 'unchanged', before: '1', after: '1' },
    ]);
  });

  it('treats arrays and scalars as single values', () => {
    expect(diffRecords({ models: ['a'] }, { models: ['a', 'b'] })).toEqual([
      { path: 'models', kind: 'changed', before: '["a"]', after: '["a","b"]' },
    ]);
    expect(diffRecords(1, 'x')).toEqual([{ path: '(value)', kind: 'changed', before: '1', after: '"x"' }]);
  });

  it('shows a creation as all added', () => {
    expect(diffRecords(null, { name: 'Research', limits: { rpm: null } })).toEqual([
      { path: 'limits.rpm', kind: 'added', after: 'null' },
      { path: 'name', kind: 'added', after: '"Research"' },
    ]);
  });
});
