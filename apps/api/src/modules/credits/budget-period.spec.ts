import { describe, expect, it } from '@jest/globals';
import { periodWindow } from './budget-period.js';

const at = (iso: string) => new Date(iso);

describe('periodWindow', () => {
  it('is the UTC calendar day for daily budgets, whatever the local offset of the input', () => {
    expect(periodWindow('daily', at('2026-03-14T23:59:59.999Z'))).toEqual({
      start: at('2026-03-14T00:00:00.000Z'),
      end: at('2026-03-15T00:00:00.000Z'),
    });
    expect(periodWindow('daily', at('2026-03-15T01:00:00+02:00')).start).toEqual(at('2026-03-14T00:00:00Z'));
  });

  it('crosses month and year ends', () => {
    expect(periodWindow('daily', at('2026-12-31T12:00:00Z'))).toEqual({
      start: at('2026-12-31T00:00:00Z'),
      end: at('2027-01-01T00:00:00Z'),
    });
    expect(periodWindow('monthly', at('2026-12-05T00:00:00Z'))).toEqual({
      start: at('2026-12-01T00:00:00Z'),
      end: at('2027-01-01T00:00:00Z'),
    });
    expect(periodWindow('monthly', at('2028-02-29T10:00:00Z'))).toEqual({
      start: at('2028-02-01T00:00:00Z'),
      end: at('2028-03-01T00:00:00Z'),
    });
  });

  it('has one never-ending period for total budgets', () => {
    expect(periodWindow('total', at('2026-06-01T00:00:00Z'))).toEqual({ start: new Date(0), end: null });
    expect(periodWindow('total', at('2031-01-01T00:00:00Z'))).toEqual({ start: new Date(0), end: null });
  });
});
