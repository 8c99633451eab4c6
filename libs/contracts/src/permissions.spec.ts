import { describe, expect, it } from '@jest/globals';
import { Permission, ROLE_PERMISSIONS, roleAllows } from './permissions.js';
import { ROLES } from './roles.js';

describe('the role table', () => {
  it('gives owners and admins everything, and auditors every read and nothing else', () => {
    for (const permission of Object.values(Permission)) {
      expect(roleAllows('owner', permission)).toBe(true);
      expect(roleAllows('admin', permission)).toBe(true);
      expect(roleAllows('auditor', permission)).toBe(permission === 'self' || permission.endsWith('.read'));
    }
  });

  it('never lets a team role near keys, providers, routes, settings, users or the audit log', () => {
    for (const role of ['team_admin', 'member'] as const)
      for (const permission of ROLE_PERMISSIONS[role])
        expect(permission).toMatch(
          /^(self|teams\.read|members\.manage|spend\.read|tokens\.|usage\.read|pricing\.read)/,
        );
    expect(roleAllows('team_admin', Permission.TokensManage)).toBe(true);
    expect(roleAllows('member', Permission.TokensRead)).toBe(false);
  });

  it('has a row for every role', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
  });
});
