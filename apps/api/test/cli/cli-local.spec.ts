import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startMockProvider, type MockProvider } from '@switchyard/testing';
import { type CliRun, switchyard, switchyardOnTerminal } from './cli-process.js';

jest.setTimeout(60_000);

const LIMITED = 'sk-local-limited-0000000001';
const HEALTHY = 'sk-local-healthy-0000000002';

interface LocalStatus {
  source: { config: string; state: string };
  keys: {
    keyId: string;
    label: string;
    status: string;
    models: {
      model: string;
      status: string;
      reason: string | null;
      requestsToday: number;
      costTodayUsd: number | null;
    }[];
  }[];
}

describe('the switchyard CLI in local mode (--config, no API)', () => {
  let mock: MockProvider;
  let dir: string;
  let config: string;
  const runs: CliRun[] = [];

  const run = async (args: string[], stdin?: string) => {
    const result = await switchyard(['--config', config, ...args], { COLUMNS: '200' }, stdin);
    runs.push(result);
    return result;
  };
  const status = async () => JSON.parse((await run(['status', '--json'])).stdout) as LocalStatus;
  const keyOf = (report: LocalStatus, label: string) => report.keys.find((key) => key.label === label)!;

  beforeAll(async () => {
    mock = await startMockProvider();
    dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-local-'));
    config = path.join(dir, 'keys.yaml');
    await writeFile(
      config,
      [
        'providers:',
        `  - { name: openai, type: openai, base_url: "${mock.baseUrl('openai')}" }`,
        'primary:',
        '  - provider: openai',
        `    api_key: ${LIMITED}`,
        '    label: limited',
        '  - provider: openai',
        `    api_key: ${HEALTHY}`,
        '    label: healthy',
        'prices:',
        '  - { provider: openai, model: gpt-4o-mini, input_usd_per_mtok: 0.15, output_usd_per_mtok: 0.6 }',
        'routes:',
        '  - { alias: cheap, targets: [openai/gpt-4o-mini] }',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("chats through the file's keys with no API, sending the flags as given", async () => {
    const result = await run([
      'chat',
      '-m',
      'cheap',
      '--temperature',
      '0.2',
      '--max-tokens',
      '20',
      '--system-prompt',
      'be brief',
      'echo: hello locally',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: 'hello locally\n' });
    expect(result.stderr).toMatch(
      /^cheap → gpt-4o-mini · \d+ prompt \+ 2 completion tokens · 1 attempt · key (limited|healthy)\n$/,
    );
    const key = result.stderr.includes('key limited') ? LIMITED : HEALTHY;
    expect(mock.lastRequest(key)?.body).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      max_tokens: 20,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'echo: hello locally' },
      ],
    });
    const streamed = await run(
      ['chat', '-m', 'openai/gpt-4o-mini', '--stream'],
      'echo: piped and streamed\n',
    );
    expect(streamed).toMatchObject({ code: 0, stdout: 'piped and streamed\n' });
  });

  it('remembers a 429 in the state file, so the next run leaves the key resting', async () => {
    mock.script(LIMITED, { failure: { type: 'rate_limit', retryAfterSeconds: 600 } });
    // Two calls: the pool may pick either key first, and the second then goes to the other.
    for (let call = 0; call < 2; call += 1) {
      expect((await run(['chat', '-m', 'openai/gpt-4o-mini', 'echo: rotate'])).code).toBe(0);
    }
    const state = path.join(dir, 'keys.state.json');
    expect((await stat(state)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const report = await status();
    expect(report.source).toEqual({ config, state });
    expect(keyOf(report, 'limited').models).toEqual([
      expect.objectContaining({ model: 'gpt-4o-mini', status: 'cooling', reason: 'rate_limit' }),
    ]);
    const healthy = keyOf(report, 'healthy').models[0]!;
    expect(healthy.requestsToday).toBeGreaterThanOrEqual(2);
    expect(healthy.costTodayUsd).toBeGreaterThan(0);

    // A new run: the resting key is not tried again.
    const tried = mock.requests(LIMITED);
    const next = await run(['chat', '-m', 'openai/gpt-4o-mini', 'echo: straight to the healthy key']);
    expect(next.stderr).toMatch(/ · 1 attempt · key healthy\n$/);
    expect(mock.requests(LIMITED)).toBe(tried);

    const table = await run(['status']);
    expect(table.stdout).toMatch(
      / limited +openai +primary +gpt-4o-mini +cooling +\d+m \d\ds \(rate_limit\) /,
    );
  });

  it('ends the rest with keys reset, kept for the next run', async () => {
    const limitedId = keyOf(await status(), 'limited').keyId;
    mock.script(LIMITED, {});
    const reset = await run(['keys', 'reset', limitedId]);
    expect(reset).toMatchObject({ code: 0, stdout: 'Reset limited: every cooldown of the key ended.\n' });
    expect(keyOf(await status(), 'limited').models[0]?.status).toBe('ready');
    expect(await run(['keys', 'reset', 'openai-0000000000'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^switchyard: no key openai-0000000000 in /),
    });
  });

  it('tests every key with a 1-token call, naming the one that fails and exiting 1', async () => {
    mock.script(LIMITED, { failure: { type: 'auth' } });
    const result = await run(['test']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/ limited +openai +gpt-4o-mini +failed +\d+ ms +.*401/);
    expect(result.stdout).toMatch(/ healthy +openai +gpt-4o-mini +ok +\d+ ms/);
    expect(result.stdout).toMatch(/\n1 of 2 keys passed\.\n$/);
    expect(result.stderr).toMatch(/^switchyard: key limited \(openai-[0-9a-f]{10}\) failed: .*401/);
    // The failure went through the pool: the key is out until a test passes.
    expect(keyOf(await status(), 'limited').status).toBe('auth_failed');
    mock.script(LIMITED, {});
    expect((await run(['test', '--provider', 'openai'])).code).toBe(0);
    expect(keyOf(await status(), 'limited').status).toBe('ready');
  });

  it('refuses a file it cannot use with exit 2 naming the line, and a damaged state file with exit 1', async () => {
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(broken, 'primary:\n  - provider: openai\n    api_key: sk-x\n    weight: heavy\n');
    const refused = await switchyard(['status', '--config', broken], {});
    expect(refused).toMatchObject({
      code: 2,
      stderr: `switchyard: ${broken} line 4: primary.0.weight: Invalid input: expected number, received string\n`,
    });
    const state = path.join(dir, 'damaged.json');
    await writeFile(state, '{ torn');
    const damaged = await switchyard(['status', '--config', config, '--state', state], {});
    expect(damaged).toMatchObject({
      code: 1,
      stderr: `switchyard: ${state} is not a Switchyard state file; move it away to start afresh\n`,
    });
    expect(await readFile(state, 'utf8')).toBe('{ torn');
  });

  it('draws colour and a progress bar on a terminal, and plain text in a pipe', async () => {
    const onTerminal = await switchyardOnTerminal(['--config', config, 'test'], {});
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stdout).toContain('\u001b[32mok\u001b[39m');
    expect(onTerminal.stdout).toMatch(/testing \[[█░]+\] \d\/2/);
    const piped = await run(['test']);
    expect(piped.stdout).not.toContain('\u001b[');
    expect(piped.stderr).toBe('');
  });

  it('never printed a key', () => {
    const output = runs.map((result) => result.stdout + result.stderr).join('\n');
    for (const secret of [LIMITED, HEALTHY]) expect(output).not.toContain(secret);
  });
});
