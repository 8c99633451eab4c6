import { describe, expect, it } from '@jest/globals';
import { auditApiQuery, parseAuditFilters } from './filters';

describe('audit filters', () => {
  it('reads the URL and includes the end day', () => {
    const filters = parseAuditFilters({
      actor: ' admin@example.com ',
      action: 'token.*',
      from: '2026-11-01',
      to: '2026-11-02',
    });
    expect(auditApiQuery(filters)).toEqual({
      actor: 'admin@example.com',
      action: 'token.*',
      targetType: undefined,
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      cursor: undefined,
    });
  });

  it('drops what it cannot use', () => {
    expect(parseAuditFilters({ from: 'last week', actor: '' })).toEqual({
      actor: undefined,
      action: undefined,
      targetType: undefined,
      from: undefined,
      to: undefined,
      cursor: undefined,
    });
  });
});
