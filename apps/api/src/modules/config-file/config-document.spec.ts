import { describe, expect, it } from '@jest/globals';
import { issueToken } from '@switchyard/crypto';
import { readConfigDocument } from './config-document.js';

const problemsOf = (content: string) => {
  const read = readConfigDocument(content);
  if (!('problems' in read)) throw new Error('expected problems');
  return read.problems;
};

describe('readConfigDocument', () => {
  it('reads the key tiers for the key import and the other sections through their schema', () => {
    const token = issueToken('sy').token;
    const read = readConfigDocument(
      [
        'primary:',
        '  - provider: openai',
        '    api_key: sk-one',
        'teams:',
        '  - name: " search "',
        '    budget: { limit_usd: 0.15, period: monthly }',
        '    tokens:',
        `      - { name: app, token: ${token}, expires_at: "2030-01-31T00:00:00Z" }`,
        'routes:',
        'providers: []',
      ].join('\n'),
    );
    if (!('document' in read)) throw new Error(JSON.stringify(read.problems));
    const { document } = read;
    expect(document.keyEntries).toEqual([
      expect.objectContaining({ line: 3, provider: 'openai', secret: 'sk-one', tier: 'primary' }),
    ]);
    expect(document.sections.providers).toEqual([]);
    expect(document.sections.routes).toEqual([]);
    expect(document.sections.teams).toEqual([
      {
        name: 'search',
        budget: { limit_usd: 150_000n, period: 'monthly' },
        tokens: [{ name: 'app', token, expires_at: new Date('2030-01-31T00:00:00Z') }],
      },
    ]);
    expect(document.lineAt(['teams', 0, 'tokens', 0, 'token'])).toBe(8);
    // A path the file lacks is placed at its nearest enclosing node: here the list, which starts at its first item.
    expect(document.lineAt(['teams', 0, 'tokens', 3, 'token'])).toBe(8);
  });

  it('reports every problem at once, each on its line and field, without quoting values', () => {
    const token = issueToken('sy').token;
    const problems = problemsOf(
      [
        'primary: not-a-list',
        'teams:',
        '  - budget:',
        '      limit_usd: -1',
        '      period: weekly',
        '    tokens:',
        `      - name: app`,
        `        token: ${token.slice(0, -1)}`,
        `      - name: same-${token}`,
        `        token: sy-${'a'.repeat(40)}`,
        `        ${token}: oops`,
        'routes:',
        '  - { alias: fast, targets: [nope] }',
      ].join('\n'),
    );
    expect(problems).toEqual([
      { line: 1, field: null, message: 'primary must be a list of keys' },
      { line: 3, field: 'teams.0.name', message: 'is required' },
      { line: 4, field: 'teams.0.budget.limit_usd', message: 'must be at least 0' },
      { line: 5, field: 'teams.0.budget.period', message: 'must be one of daily, monthly, total' },
      {
        line: 8,
        field: 'teams.0.tokens.0.token',
        message: 'must be "sy-" followed by 40 letters and digits, the shape the API issues',
      },
      {
        line: 10,
        field: 'teams.0.tokens.1.token',
        message: 'has too few distinct characters; generate it at random',
      },
      {
        line: 11,
        field: 'teams.0.tokens.1',
        message: 'holds a field whose name is not a known field',
      },
      { line: 13, field: 'routes.0.targets.0', message: 'must be "provider/model"' },
    ]);
    expect(JSON.stringify(problems)).not.toContain(token.slice(3, 20));
  });

  it('refuses what is not a mapping of known sections, and a document the YAML parser refuses', () => {
    expect(problemsOf('')).toEqual([
      {
        line: 1,
        field: null,
        message:
          'the document is empty; expected primary, daily, fallback, providers, teams, routes, prices or settings',
      },
    ]);
    expect(problemsOf('# nothing\n- a list\n')).toEqual([
      {
        line: 2,
        field: null,
        message:
          'expected primary, daily, fallback, providers, teams, routes, prices or settings at the top level',
      },
    ]);
    expect(problemsOf('teams: []\nteam: []\nteams: []\n')).toEqual([
      { line: 3, field: null, message: expect.stringMatching(/^invalid YAML/) },
    ]);
    expect(problemsOf('teams:\n  - name: a\n    tokens: 3\nrouts: []\n')).toEqual([
      {
        line: 4,
        field: null,
        message:
          'unknown section "routs"; expected primary, daily, fallback, providers, teams, routes, prices or settings',
      },
      { line: 3, field: 'teams.0.tokens', message: 'must be a list of tokens' },
    ]);
  });
});
