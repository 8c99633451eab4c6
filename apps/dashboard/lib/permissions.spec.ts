import { describe, expect, it } from '@jest/globals';
import { can } from './permissions';
import type { Viewer } from '@switchyard/contracts';

const user = (
  role: Viewer['role'],
  teams: { teamId: string; role: 'team_admin' | 'member' }[] = [],
): Viewer => ({
  kind: 'user',
  id: 'u',
  email: 'u@example.com',
  name: null,
  role,
  teams,
  createdAt: '2026-01-01T00:00:00.000Z',
  disabled: false,
  deleted: false,
  sso: false,
  hasPassword: true,
});

describe('can', () => {
  it('gives auditors every read and no change', () => {
    const auditor = user('auditor');
    expect(can(auditor, 'keys.read')).toBe(true);
    expect(can(auditor, 'audit.read')).toBe(true);
    for (const capability of [
      'keys.manage',
      'teams.create',
      'budgets.manage',
      'tokens.manage',
      'pricing.manage',
    ] as const) {
      expect(can(auditor, capability)).toBe(false);
    }
  });

  it('lets a team admin manage tokens and members of their own team only', () => {
    const teamAdmin = user('team_admin', [
      { teamId: 'mine', role: 'team_admin' },
      { teamId: 'joined', role: 'member' },
    ]);
    expect(can(teamAdmin, 'tokens.manage', 'mine')).toBe(true);
    expect(can(teamAdmin, 'tokens.manage', 'joined')).toBe(false);
    expect(can(teamAdmin, 'tokens.manage', 'other')).toBe(false);
    expect(can(teamAdmin, 'budgets.manage', 'mine')).toBe(false);
    expect(can(teamAdmin, 'keys.read')).toBe(false);
  });

  it('gives members no changes at all', () => {
    const member = user('member', [{ teamId: 'mine', role: 'member' }]);
    expect(can(member, 'tokens.manage', 'mine')).toBe(false);
    expect(can(member, 'tokens.read')).toBe(false);
  });

  it('gives admins everything, in any team', () => {
    expect(can(user('admin'), 'tokens.manage', 'any')).toBe(true);
    expect(can(user('owner'), 'apiKeys.manage')).toBe(true);
  });

  it('reads the role of an API key', () => {
    const key: Viewer = { kind: 'api_key', id: 'k', name: 'ci', role: 'auditor' };
    expect(can(key, 'keys.manage')).toBe(false);
    expect(can(key, 'keys.read')).toBe(true);
  });
});
