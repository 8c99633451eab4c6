import { describe, expect, it } from '@jest/globals';
import { parseEnvImport } from './env-import.js';

const pick = (content: string) =>
  parseEnvImport(content).map(({ line, provider, secret, label, problem, skip }) => ({
    line,
    provider,
    secret,
    label,
    ...(skip === null ? {} : { skip }),
    problem,
  }));

describe('parseEnvImport', () => {
  it('reads provider, secret and label from each key variable', () => {
    expect(
      pick(
        [
          'OPENAI_API_KEY_1=sk-one',
          'GEMINI_API_KEY_2 = AIza-two',
          'ANTHROPIC_API_KEY=sk-ant-three',
          'OPENROUTER_API_KEY_3=sk-or-four',
          'MY_PROXY_API_KEY_PROD=px-five',
          'openai_api_key=lower-six',
        ].join('\n'),
      ),
    ).toEqual([
      { line: 1, provider: 'openai', secret: 'sk-one', label: 'OPENAI_API_KEY_1', problem: null },
      { line: 2, provider: 'gemini', secret: 'AIza-two', label: 'GEMINI_API_KEY_2', problem: null },
      { line: 3, provider: 'anthropic', secret: 'sk-ant-three', label: 'ANTHROPIC_API_KEY', problem: null },
      { line: 4, provider: 'openrouter', secret: 'sk-or-four', label: 'OPENROUTER_API_KEY_3', problem: null },
      { line: 5, provider: 'my-proxy', secret: 'px-five', label: 'MY_PROXY_API_KEY_PROD', problem: null },
      { line: 6, provider: 'openai', secret: 'lower-six', label: 'openai_api_key', problem: null },
    ]);
  });

  it('skips comments and blank lines, and understands export, quotes and inline comments', () => {
    const entries = pick(
      [
        '# a comment',
        '',
        '   ',
        'export OPENAI_API_KEY_1="sk-dq \\"x\\""',
        "export  GROQ_API_KEY='gsk-sq # not a comment'",
        'MISTRAL_API_KEY=abc # trailing comment',
        'DEEPSEEK_API_KEY="sk-q"   # after quotes',
        'TOGETHER_API_KEY=abc#def',
      ].join('\r\n'),
    );
    expect(entries.map(({ line, secret }) => [line, secret])).toEqual([
      [4, 'sk-dq "x"'],
      [5, 'gsk-sq # not a comment'],
      [6, 'abc'],
      [7, 'sk-q'],
      [8, 'abc#def'],
    ]);
  });

  it('skips other variables and reports empty values as problems, keeping their values out', () => {
    expect(pick('DATABASE_URL=postgres://u:pw@h/db\nAPI_KEY=x\nGROQ_API_KEY=\nGROQ_API_KEY=""')).toEqual([
      {
        line: 1,
        provider: null,
        secret: null,
        label: 'DATABASE_URL',
        problem: null,
        skip: 'DATABASE_URL is not a PROVIDER_API_KEY[_N] variable',
      },
      {
        line: 2,
        provider: null,
        secret: null,
        label: 'API_KEY',
        problem: null,
        skip: 'API_KEY is not a PROVIDER_API_KEY[_N] variable',
      },
      { line: 3, provider: 'groq', secret: '', label: 'GROQ_API_KEY', problem: 'GROQ_API_KEY has no value' },
      { line: 4, provider: 'groq', secret: '', label: 'GROQ_API_KEY', problem: 'GROQ_API_KEY has no value' },
    ]);
  });

  it.each([
    ['OPENAI_API_KEY=ok\nnot an assignment sk-secret', 2, 'expected NAME=value'],
    ['1OPENAI_API_KEY=x', 1, 'expected NAME=value'],
    ['OPENAI_API_KEY="open', 1, 'unterminated double quote'],
    ["OPENAI_API_KEY='open", 1, 'unterminated single quote'],
    ['OPENAI_API_KEY="a" b', 1, 'unexpected text after the closing quote'],
  ])('reports %j as an invalid entry on its line, never quoting it', (content, line, reason) => {
    const entry = parseEnvImport(content).find((candidate) => candidate.line === line);
    expect(entry).toMatchObject({ line, problem: reason, secret: null });
    expect(JSON.stringify(entry)).not.toContain('sk-secret');
  });
});
