import { describe, expect, it } from '@jest/globals';
import { hashToken, issueToken } from '@switchyard/crypto';
import { type TeamBudget } from '../credits/budgets.repository.js';
import { type DeclaredTeam, type DeclaredToken } from './config-file.schema.js';
import { type ConfigPath } from './config-problem.js';
import { planTeams, type StoredToken, type TeamsState } from './plan-teams.js';

const TEAM_ID = '00000000-0000-4000-8000-000000000001';
const OTHER_TEAM_ID = '00000000-0000-4000-8000-000000000002';

const declaredToken = (token: string, fields: Partial<DeclaredToken> = {}): DeclaredToken => ({
  name: 'app',
  token,
  ...fields,
});

const storedToken = (token: string, fields: Partial<StoredToken> = {}): StoredToken => ({
  id: `id-${token.slice(3, 9)}`,
  hash: hashToken(token),
  teamId: TEAM_ID,
  name: 'app',
  allowedModels: [],
  rpm: null,
  tpm: null,
  budgetLimit: null,
  budgetPeriod: null,
  expiresAt: null,
  logBodies: false,
  requireUser: false,
  revokedAt: null,
  team: { name: 'search', deletedAt: null },
  ...fields,
});

const monthly100: TeamBudget = {
  teamId: TEAM_ID,
  tokenId: null,
  mode: 'hard',
  limitMicros: 100_000_000n,
  period: 'monthly',
  alertAtPercent: 80,
};

function plan(declared: DeclaredTeam[], state: Partial<TeamsState> = {}) {
  const problems: [ConfigPath, string][] = [];
  const teams = planTeams(
    declared,
    {
      liveTeamIds: new Map([['search', TEAM_ID]]),
      budgets: new Map([[TEAM_ID, monthly100]]),
      tokens: new Map(),
      ...state,
    },
    (path, message) => problems.push([path, message]),
  );
  return { teams, problems };
}

describe('planTeams', () => {
  it('plans no write for a team that already matches the file, and says so', () => {
    const token = issueToken('sy').token;
    const stored = storedToken(token, { rpm: 60, expiresAt: new Date('2030-01-01T00:00:00Z') });
    const declared = declaredToken(token, { rpm: 60, expires_at: new Date('2030-01-01T00:00:00Z') });
    expect(
      plan(
        [
          {
            name: 'search',
            budget: { limit_usd: 100_000_000n, period: 'monthly', alert_at_percent: 80 },
            tokens: [declared],
          },
        ],
        { tokens: new Map([[stored.hash, stored]]) },
      ),
    ).toEqual({
      teams: [
        {
          name: 'search',
          teamId: TEAM_ID,
          budget: { kind: 'keep' },
          createTokens: [],
          updateTokens: [],
          changes: [
            { kind: 'team', name: 'search', action: 'unchanged', fields: [] },
            { kind: 'budget', name: 'search', action: 'unchanged', fields: [] },
            { kind: 'token', name: 'search/app', action: 'unchanged', fields: [] },
          ],
        },
      ],
      problems: [],
    });
  });

  it('creates a missing team with its budget and tokens, keeping the token value for the service alone', () => {
    const token = issueToken('sy').token;
    const { teams } = plan([
      { name: 'support', budget: { limit_usd: 5_500_000n, period: 'daily' }, tokens: [declaredToken(token)] },
    ]);
    expect(teams).toEqual([
      {
        name: 'support',
        teamId: null,
        budget: {
          kind: 'set',
          body: { limitUsd: 5_500_000n, period: 'daily', alertAtPercent: null, mode: 'hard' },
        },
        createTokens: [{ token, body: expect.objectContaining({ name: 'app' }) }],
        updateTokens: [],
        changes: [
          { kind: 'team', name: 'support', action: 'create', fields: ['name'] },
          { kind: 'budget', name: 'support', action: 'create', fields: ['limit_usd', 'period'] },
          { kind: 'token', name: 'support/app', action: 'create', fields: ['name'] },
        ],
      },
    ]);
  });

  it('leaves a budget the file does not mention, removes one set to null, and sets one that differs', () => {
    const budgetOf = (budget: DeclaredTeam['budget']) =>
      plan([{ name: 'search', budget, tokens: [] }]).teams[0]?.budget;
    expect(budgetOf(undefined)).toEqual({ kind: 'keep' });
    expect(budgetOf(null)).toEqual({ kind: 'remove' });
    expect(
      plan([{ name: 'search', budget: null, tokens: [] }], { budgets: new Map() }).teams[0]?.budget,
    ).toEqual({
      kind: 'keep',
    });
    expect(budgetOf({ limit_usd: 100_000_000n, period: 'monthly' })).toEqual({
      kind: 'set',
      body: { limitUsd: 100_000_000n, period: 'monthly', alertAtPercent: null, mode: 'hard' },
    });
    expect(budgetOf({ limit_usd: 100_000_000n, period: 'total', alert_at_percent: 80 })).toMatchObject({
      kind: 'set',
    });
  });

  it("replaces a stored token's settings when the file's differ", () => {
    const token = issueToken('sy').token;
    const stored = storedToken(token, {
      allowedModels: ['openai/*'],
      budgetLimit: 2_500_000n,
      budgetPeriod: 'monthly',
    });
    const { teams } = plan(
      [
        {
          name: 'search',
          tokens: [declaredToken(token, { allowed_models: ['openai/*'], budget_usd: 2.5, tpm: 10 })],
        },
      ],
      { tokens: new Map([[stored.hash, stored]]) },
    );
    expect(teams).toEqual([
      expect.objectContaining({
        createTokens: [],
        updateTokens: [{ tokenId: stored.id, body: expect.objectContaining({ tpm: 10, budgetUsd: 2.5 }) }],
        changes: expect.arrayContaining([
          { kind: 'token', name: 'search/app', action: 'update', fields: ['tpm'] },
        ]),
      }),
    ]);
  });

  it('refuses a token of another team, a revoked token, and a token or team declared twice', () => {
    const [theirs, revoked, twice] = [issueToken('sy').token, issueToken('sy').token, issueToken('sy').token];
    const stored = [
      storedToken(theirs, { teamId: OTHER_TEAM_ID, team: { name: 'support', deletedAt: null } }),
      storedToken(revoked, { revokedAt: new Date() }),
    ];
    const { problems } = plan(
      [
        {
          name: 'search',
          tokens: [declaredToken(theirs), declaredToken(revoked), declaredToken(twice), declaredToken(twice)],
        },
        { name: 'search', tokens: [] },
      ],
      { tokens: new Map(stored.map((token) => [token.hash, token])) },
    );
    expect(problems).toEqual([
      [
        ['teams', 0, 'tokens', 0, 'token'],
        'is already a token of team "support"; a token cannot move between teams',
      ],
      [
        ['teams', 0, 'tokens', 1, 'token'],
        'has been revoked; a revoked token cannot come back, so declare a new one',
      ],
      [['teams', 0, 'tokens', 3, 'token'], 'repeats an earlier token'],
      [['teams', 1, 'name'], 'repeats an earlier team'],
    ]);
  });
});
