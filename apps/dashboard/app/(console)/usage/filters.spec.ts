import { describe, expect, it } from '@jest/globals';
import { parseUsageFilters, usageInstants } from './filters';

const NOW = new Date('2026-11-22T15:00:00Z');

describe('parseUsageFilters', () => {
  it('defaults to the last 30 days by day', () => {
    expect(parseUsageFilters({}, NOW)).toEqual({
      groupBy: ['day'],
      user: undefined,
      from: '2026-10-24',
      to: '2026-11-22',
      teamId: undefined,
      cursor: undefined,
      problem: undefined,
    });
  });

  it('reads the URL', () => {
    const filters = parseUsageFilters(
      {
        groupBy: 'model',
        from: '2026-11-01',
        to: '2026-11-10',
        teamId: '117e7620-9d0f-41fe-9f9d-a98e1b9ff973',
      },
      NOW,
    );
    expect(filters).toMatchObject({ groupBy: ['model'], from: '2026-11-01', to: '2026-11-10' });
    expect(usageInstants(filters)).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-11T00:00:00Z'),
    });
  });

  it('falls back, and says so, for values it cannot use', () => {
    const filters = parseUsageFilters(
      { groupBy: 'planet', from: 'yesterday', to: '2026-11-20', teamId: 'x' },
      NOW,
    );
    expect(filters).toMatchObject({
      groupBy: ['day'],
      from: '2026-10-24',
      to: '2026-11-20',
      teamId: undefined,
    });
    expect(filters.problem).toBe(
      'Showing defaults: grouping: "planet" is not one of day, team, token, key, model, user; "yesterday" is not a date.',
    );
  });

  it('reads several dimensions, from one comma list or one value per select', () => {
    expect(parseUsageFilters({ groupBy: 'key,model,day' }, NOW).groupBy).toEqual(['key', 'model', 'day']);
    expect(parseUsageFilters({ groupBy: ['team', 'user', ''] }, NOW).groupBy).toEqual(['team', 'user']);
    expect(parseUsageFilters({ groupBy: ['team', 'team'] }, NOW)).toMatchObject({ groupBy: ['day'] });
  });

  it('swaps a reversed range', () => {
    expect(parseUsageFilters({ from: '2026-11-10', to: '2026-11-01' }, NOW)).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-10',
    });
  });
});
