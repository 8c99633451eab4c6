import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { issueToken } from '@switchyard/crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';
import { freePort } from '../support/processes.js';
import { type CliRun, startSwitchyard, switchyard } from './cli-process.js';

const newSecret = (prefix = 'sk-cli') => `${prefix}-${randomBytes(12).toString('hex')}`;

// Every case runs the CLI as its own process, compiled on the fly: seconds, not milliseconds.
jest.setTimeout(60_000);

describe('the switchyard CLI against the real API', () => {
  let gw: Gateway;
  let apiKey: string;
  let env: Record<string, string>;
  let workDir: string;
  const healthySecret = newSecret();
  let healthyKeyId: string;
  /** Every secret the CLI was given or sent; none may ever appear in its output. */
  const secrets: string[] = [healthySecret];
  const runs: CliRun[] = [];

  const run = async (args: string[], overrides: Record<string, string | undefined> = {}, stdin?: string) => {
    const result = await switchyard(args, { ...env, ...overrides }, stdin);
    runs.push(result);
    return result;
  };

  const listKeys = async (query = '') => {
    const response = await gw.api.http
      .get(`/admin/provider-keys?limit=200${query}`)
      .set('authorization', gw.admin)
      .expect(200);
    return response.body.items as { id: string; last4: string; tier: string; provider: string }[];
  };

  beforeAll(async () => {
    gw = await startGateway();
    healthyKeyId = await gw.addKey('openai', healthySecret, { label: 'cli primary' });
    const created = await gw.api.http
      .post('/admin/api-keys')
      .set('authorization', gw.admin)
      .send({ name: 'cli', role: 'admin' })
      .expect(201);
    apiKey = created.body.key as string;
    secrets.push(apiKey, gw.token);
    env = { API_URL: gw.baseUrl, SWITCHYARD_API_KEY: apiKey, SWITCHYARD_TOKEN: gw.token, COLUMNS: '200' };
    workDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-cli-'));
  });

  afterAll(async () => {
    await gw.close();
    await rm(workDir, { recursive: true, force: true });
  });

  describe('chat', () => {
    it('prints the answer on stdout and the summary on stderr', async () => {
      const result = await run(['chat', '--model', 'openai/gpt-4o-mini', 'echo: hello from the cli']);
      expect(result).toMatchObject({ code: 0, stdout: 'hello from the cli\n' });
      expect(result.stderr).toMatch(
        /^openai\/gpt-4o-mini · \d+ prompt \+ 4 completion tokens · 1 attempt · \d+ ms gateway overhead\n$/,
      );
      expect(gw.mock.lastRequest(healthySecret)?.body).toMatchObject({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'echo: hello from the cli' }],
      });
    });

    it('sends --prompt, --system-prompt, --temperature and --max-tokens upstream as given', async () => {
      const result = await run([
        'chat',
        '-m',
        'openai/gpt-4o-mini',
        '--prompt',
        'echo: as an option',
        '--system-prompt',
        'be brief',
        '--temperature',
        '0.3',
        '--max-tokens',
        '42',
      ]);
      expect(result).toMatchObject({ code: 0, stdout: 'as an option\n' });
      expect(gw.mock.lastRequest(healthySecret)?.body).toMatchObject({
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'echo: as an option' },
        ],
        temperature: 0.3,
        max_tokens: 42,
      });
    });

    it('reads the message from stdin and takes the model from SWITCHYARD_MODEL', async () => {
      const result = await run(
        ['chat', '--system', 'answer briefly'],
        { SWITCHYARD_MODEL: 'openai/gpt-4o-mini' },
        'echo: from stdin\n',
      );
      expect(result).toMatchObject({ code: 0, stdout: 'from stdin\n' });
      expect(gw.mock.lastRequest(healthySecret)?.body).toMatchObject({
        messages: [
          { role: 'system', content: 'answer briefly' },
          { role: 'user', content: 'echo: from stdin' },
        ],
      });
    });

    it('streams the answer as it arrives, with the token counts the stream reports', async () => {
      gw.mock.script(healthySecret, { chunkDelayMs: 150 });
      const result = await run([
        'chat',
        '--stream',
        '-m',
        'openai/gpt-4o-mini',
        'echo: one two three four five',
      ]);
      gw.mock.script(healthySecret, {});
      expect(result).toMatchObject({ code: 0, stdout: 'one two three four five\n' });
      // The first words were on stdout while the last were still on their way.
      expect(result.chunks.length).toBeGreaterThan(2);
      expect(result.chunks.at(-1)!.at - result.chunks[0]!.at).toBeGreaterThan(300);
      expect(result.stderr).toMatch(
        /^openai\/gpt-4o-mini · \d+ prompt \+ 5 completion tokens · 1 attempt · /,
      );
      expect(gw.mock.lastRequest(healthySecret)?.body).toMatchObject({ stream: true });
    });

    it('keeps what streamed and exits 1 with the error when the upstream breaks off mid-stream', async () => {
      const dropping = newSecret('AIza-drop');
      secrets.push(dropping);
      await gw.addKey('gemini', dropping, { label: 'dropping' });
      gw.mock.script(dropping, { failure: { type: 'drop_mid_stream', afterChunks: 2 } });
      const result = await run([
        'chat',
        '--stream',
        '-m',
        'gemini/gemini-2.5-flash',
        'echo: alpha beta gamma delta',
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^\w+ \w+\n$/);
      expect(result.stderr).toBe('switchyard: The upstream connection was lost mid-stream\n');
    });

    it('counts the attempts when the gateway retried on another key', async () => {
      const limited = newSecret('sk-or-limited');
      const spare = newSecret('sk-or-spare');
      secrets.push(limited, spare);
      gw.mock.script(limited, { failure: { type: 'rate_limit', retryAfterSeconds: 120 } });
      await gw.addKey('openrouter', limited, { label: 'limited', tier: 'primary' });
      await gw.addKey('openrouter', spare, { label: 'spare', tier: 'fallback' });
      const result = await run(['chat', '-m', 'openrouter/gpt-4o-mini', 'echo: second try']);
      expect(result).toMatchObject({ code: 0, stdout: 'second try\n' });
      expect(result.stderr).toMatch(/ · 2 attempts · /);
    });

    it("prints the API's error message and exits 1; bad flags exit 2 before anything is sent", async () => {
      const unknown = await run(['chat', '-m', 'mistral/mistral-large', 'hi']);
      expect(unknown).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'switchyard: No provider key serves mistral/mistral-large (HTTP 400, model_not_found)\n',
      });
      const badToken = await run(['chat', '-m', 'openai/gpt-4o-mini', 'hi'], {
        SWITCHYARD_TOKEN: 'sy-not-real',
      });
      expect(badToken.code).toBe(1);
      expect(badToken.stderr).toMatch(/^switchyard: .+ \(HTTP 401, invalid_api_key\)\n$/);
      const hot = await run(['chat', '-m', 'openai/gpt-4o-mini', '--temperature', '7', 'hi']);
      expect(hot).toMatchObject({
        code: 2,
        stderr:
          "switchyard: option '-t, --temperature <number>' argument '7' is invalid. must be a number from 0 to 2 (see switchyard chat --help)\n",
      });
      const twice = await run(['chat', '-m', 'openai/gpt-4o-mini', '--prompt', 'a', 'b']);
      expect(twice).toMatchObject({
        code: 2,
        stderr: 'switchyard: give the message once: as --prompt or as arguments\n',
      });
    });
  });

  describe('models', () => {
    it("lists the token's models, one per line, as /v1/models does", async () => {
      const listed = await gw.api.http
        .get('/v1/models')
        .set('authorization', `Bearer ${gw.token}`)
        .expect(200);
      const ids = (listed.body.data as { id: string }[]).map((model) => model.id);
      expect(ids).toContain('openai/gpt-4o-mini');
      const result = await run(['models']);
      expect(result).toMatchObject({ code: 0, stdout: `${ids.join('\n')}\n` });
    });
  });

  describe('status', () => {
    it('shows readiness, then a row per key and model: status, cooldown, in flight, today, cost, failures', async () => {
      await gw.flushUsage();
      const result = await run(['status']);
      expect(result.code).toBe(0);
      const [readiness, blank, header, ...rows] = result.stdout.trimEnd().split('\n');
      expect(readiness).toBe(`API ${gw.baseUrl}: ready (database ok, redis not configured)`);
      expect(blank).toBe('');
      expect(header).toMatch(
        /^ID +LABEL +PROVIDER +TIER +MODEL +STATUS +COOLDOWN +IN FLIGHT +TODAY +COST TODAY +FAILED$/,
      );
      expect(rows.find((row) => row.startsWith(healthyKeyId))).toMatch(
        new RegExp(
          `^${healthyKeyId} +cli primary +openai +primary +gpt-4o-mini +ready +— +0 +\\d+ +\\$[\\d.]+ +0$`,
        ),
      );
      // The key the retry test rate-limited rests for the Retry-After it was given.
      expect(rows.find((row) => / limited /.test(row))).toMatch(
        // Its one failed attempt is a failure of the key; the request itself is the spare key's.
        / limited +openrouter +primary +gpt-4o-mini +cooling +[12]m \d\ds \(rate_limit\) +0 +0 +\$0\.00 +1$/,
      );
    });

    it('prints the same data as JSON with --json', async () => {
      const result = await run(['status', '--json']);
      expect(result.code).toBe(0);
      const parsed = JSON.parse(result.stdout) as {
        source: { api: string };
        ready: boolean;
        keys: { keyId: string; models: { model: string; requestsToday: number | null }[] }[];
      };
      expect(parsed).toMatchObject({ source: { api: gw.baseUrl }, ready: true });
      expect(parsed.keys.map((key) => key.keyId).sort()).toEqual(
        (await listKeys()).map((key) => key.id).sort(),
      );
      const healthy = parsed.keys.find((key) => key.keyId === healthyKeyId)!;
      expect(healthy.models[0]?.requestsToday).toBeGreaterThan(0);
    });

    it('refreshes with --watch until Ctrl-C, which ends it with 0', async () => {
      const watching = startSwitchyard(['status', '--watch', '--interval', '0.2'], env);
      for (let wait = 0; wait < 100 && watching.stdout().split('every 0.2 s').length < 3; wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      watching.child.kill('SIGINT');
      const result = await watching.done;
      expect(result.code).toBe(0);
      expect(result.stdout.split(`API ${gw.baseUrl}: ready`).length).toBeGreaterThan(2);
    });
  });

  describe('test', () => {
    it('checks every key with a 1-token completion, prints a summary, and names the keys that failed', async () => {
      const revoked = newSecret('sk-revoked');
      secrets.push(revoked);
      const revokedId = await gw.addKey('openai', revoked, { label: 'revoked one' });
      gw.mock.script(revoked, { failure: { type: 'auth' } });
      const result = await run(['test', '--provider', 'openai']);
      expect(result.code).toBe(1);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ID +LABEL +PROVIDER +MODEL +RESULT +LATENCY +ERROR$/);
      expect(lines.find((line) => line.startsWith(healthyKeyId))).toMatch(
        / openai +gpt-4o-mini +ok +\d+ ms$/,
      );
      expect(lines.find((line) => line.startsWith(revokedId))).toMatch(
        / revoked one +openai +gpt-4o-mini +failed +\d+ ms +.*401/,
      );
      expect(lines.at(-1)).toMatch(/^\d+ of \d+ keys passed\.$/);
      expect(result.stderr).toMatch(
        new RegExp(`^switchyard: key revoked one \\(${revokedId}\\) failed: .*401`, 'm'),
      );
      expect(gw.mock.lastRequest(healthySecret)).toMatchObject({
        path: '/v1/chat/completions',
        body: { max_tokens: 1 },
      });

      const one = await run(['test', healthyKeyId]);
      expect(one.code).toBe(0);
      expect(one.stdout).toMatch(/\n1 of 1 keys passed\.\n$/);
    });

    it('refuses an id that is not one before calling, and one that no key has', async () => {
      expect(await run(['test', 'key 1'])).toMatchObject({ code: 2 });
      expect(await run(['test', randomUUID()])).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/^switchyard: no key /),
      });
    });
  });

  describe('keys', () => {
    it("resets a key's cooldowns and shows its state", async () => {
      const limited = (await listKeys('&provider=openrouter')).find((key) => key.tier === 'primary')!;
      const result = await run(['keys', 'reset', limited.id]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`^${limited.id} +limited +openrouter +primary +gpt-4o-mini +ready +— `, 'm'),
      );
      const audit = await gw.api.http
        .get(`/admin/audit?action=provider_key.reset&targetId=${limited.id}`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(audit.body.items).toHaveLength(1);
    });

    it('shows the limits the provider reported for a key, and refreshes them on request', async () => {
      gw.mock.script(healthySecret, {
        rateLimitHeaders: { limitRequests: 5000, remainingRequests: 4999, resetRequestsSeconds: 60 },
      });
      const result = await run(['keys', 'limits', healthyKeyId, '--refresh']);
      gw.mock.script(healthySecret, {});
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Refreshed with one call to gpt-4o-mini \(\d+ ms\)\.$/m);
      expect(result.stdout).toMatch(/^Rate-limit headers seen \d+s ago, calling gpt-4o-mini:$/m);
      expect(result.stdout).toMatch(/^requests +5000 +4999 +(59s|1m 00s)$/m);
      const missing = await run(['keys', 'limits', randomUUID()]);
      expect(missing).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/\(HTTP 404, provider_key_not_found\)\n$/),
      });
    });
  });

  describe('apply', () => {
    it('prints the plan of a dry run and writes nothing, applies it, and changes nothing the second time', async () => {
      const file = path.join(workDir, 'switchyard.yaml');
      const token = issueToken('sy').token;
      secrets.push(token);
      await writeFile(
        file,
        [
          'teams:',
          '  - name: cli-applied',
          '    budget: { limit_usd: 20, period: monthly }',
          '    tokens:',
          `      - { name: backend, token: ${token} }`,
          'routes:',
          '  - { alias: cli-fast, targets: [openai/gpt-4o-mini] }',
          'prices:',
          '  - { provider: openai, model: cli-model, input_usd_per_mtok: 1, output_usd_per_mtok: 2 }',
        ].join('\n'),
      );
      const dry = await run(['apply', file, '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout.split('\n')).toEqual([
        expect.stringMatching(/^ACTION +KIND +NAME +FIELDS$/),
        expect.stringMatching(/^create +team +cli-applied +name$/),
        expect.stringMatching(/^create +budget +cli-applied +limit_usd, period$/),
        expect.stringMatching(/^create +token +cli-applied\/backend +name$/),
        expect.stringMatching(/^create +route +cli-fast +targets$/),
        expect.stringMatching(
          /^create +price +openai\/cli-model +input_usd_per_mtok, output_usd_per_mtok, cached_input_usd_per_mtok, cache_write_usd_per_mtok, max_output_tokens$/,
        ),
        'Dry run: 5 to create, 0 to update, 0 unchanged; nothing was applied.',
        '',
      ]);
      const teams = async () =>
        (
          (await gw.api.http.get('/admin/teams?limit=200').set('authorization', gw.admin).expect(200)).body
            .items as {
            name: string;
          }[]
        ).map((team) => team.name);
      expect(await teams()).not.toContain('cli-applied');

      const applied = await run(['apply', file]);
      expect(applied.code).toBe(0);
      expect(applied.stdout).toMatch(/\nApplied: 5 created, 0 updated, 0 unchanged\.\n$/);
      expect(await teams()).toContain('cli-applied');
      const again = await run(['apply', file]);
      expect(again.stdout).toMatch(/\nNothing to change: all 5 already match\.\n$/);
    });

    it('lists every problem of a broken file by line and exits 1', async () => {
      const file = path.join(workDir, 'broken.yaml');
      await writeFile(file, 'teams:\n  - name: x\n    budget: { limit_usd: -5, period: weekly }\n');
      const result = await run(['apply', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^${file} line 3: teams\\.0\\.budget\\.limit_usd: `));
      expect(result.stderr).toMatch(/\(HTTP 400, config_rejected\)\n$/);
    });
  });

  describe('import', () => {
    const envFile = async (name: string, lines: string[]) => {
      const file = path.join(workDir, name);
      await writeFile(file, `${lines.join('\n')}\n`);
      return file;
    };

    it('previews a .env file with --dry-run, skipping what is not a key, and saves nothing', async () => {
      const [first, second] = [newSecret(), newSecret('AIza')];
      secrets.push(first, second);
      const file = await envFile('preview.env', [
        'PORT=8080',
        `OPENAI_API_KEY_7=${first}`,
        `GEMINI_API_KEY=${second}`,
      ]);
      const before = (await listKeys()).length;
      const result = await run(['import', file, '--dry-run', '--no-validate']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout.split('\n')).toEqual([
        expect.stringMatching(/^LINE +PROVIDER +LAST4 +STATUS +NOTE$/),
        expect.stringMatching(/^1 +skipped +PORT is not a PROVIDER_API_KEY\[_N\] variable$/),
        expect.stringMatching(new RegExp(`^2 +openai +${first.slice(-4)} +created$`)),
        expect.stringMatching(new RegExp(`^3 +gemini +${second.slice(-4)} +created$`)),
        'Dry run: 2 keys would be created, 1 not provider keys (skipped); nothing was saved.',
        '',
      ]);
      expect(await listKeys()).toHaveLength(before);
    });

    it('imports for real, validating live, into the tier asked for; a second run skips what is stored', async () => {
      const [first, second] = [newSecret(), newSecret('sk-ant')];
      secrets.push(first, second);
      const file = await envFile('team.env', [`OPENAI_API_KEY_1=${first}`, `ANTHROPIC_API_KEY=${second}`]);
      const result = await run(['import', file, '--tier', 'daily']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/\nSaved 2 keys\.\n$/);
      const daily = await listKeys('&tier=daily');
      expect(daily.map((key) => key.last4).sort()).toEqual([first.slice(-4), second.slice(-4)].sort());
      const again = await run(['import', file]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/ duplicate +already stored\n/);
      expect(again.stdout).toMatch(/\nNothing new to save, 2 already stored or repeated \(skipped\)\.\n$/);
    });

    it('prints the per-line report of a refused import, then the refusal', async () => {
      const good = newSecret();
      secrets.push(good);
      const file = await envFile('mixed.env', [`OPENAI_API_KEY_2=${good}`, 'GROQ_API_KEY=short']);
      const result = await run(['import', file, '--no-validate']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^2 +groq +hort +invalid +secret must be at least 8 characters$/m);
      expect(result.stdout).toMatch(/\nRefused: 1 invalid; nothing was saved\.\n$/);
      expect(result.stderr).toMatch(
        /^switchyard: 1 of 2 entries cannot be imported .+ \(HTTP 400, import_rejected\)\n$/,
      );
    });

    it('refuses bad arguments before sending anything', async () => {
      expect(await run(['import'])).toMatchObject({
        code: 2,
        stderr: "switchyard: missing required argument 'file' (see switchyard import --help)\n",
      });
      const missing = path.join(workDir, 'missing.env');
      expect(await run(['import', missing])).toMatchObject({
        code: 2,
        stderr: `switchyard: cannot read ${missing}: no such file\n`,
      });
      expect(await run(['import', missing, '--tier', 'gold'])).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(
          /^switchyard: option '--tier <tier>' argument 'gold' is invalid\. Allowed choices are primary, daily, fallback\./,
        ),
      });
    });
  });

  describe('usage errors and an unreachable API', () => {
    it('names the missing variable and exits 2, without calling the API', async () => {
      expect(
        await run(['chat', '-m', 'openai/gpt-4o-mini', 'hi'], { SWITCHYARD_TOKEN: undefined }),
      ).toMatchObject({
        code: 2,
        stdout: '',
        stderr: 'switchyard: chat needs a proxy token (sy-…): set SWITCHYARD_TOKEN or pass --token\n',
      });
      expect(await run(['status'], { SWITCHYARD_API_KEY: '' })).toMatchObject({
        code: 2,
        stderr:
          'switchyard: status needs an admin API key (sya-…): set SWITCHYARD_API_KEY or pass --api-key\n',
      });
      expect(await run(['import', 'keys.env'], { SWITCHYARD_API_KEY: gw.token })).toMatchObject({
        code: 2,
        stderr:
          'switchyard: SWITCHYARD_API_KEY is not an admin API key: it should start with sya-; that looks like a proxy token, which belongs in SWITCHYARD_TOKEN\n',
      });
      expect(await run(['apply', 'x.yaml', '--config', 'keys.yaml'])).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/^switchyard: apply talks to the API and does not take --config/),
      });
    });

    it('says which address it could not reach and exits 1', async () => {
      const closed = `http://127.0.0.1:${await freePort()}`;
      for (const args of [
        ['status'],
        ['chat', '-m', 'openai/gpt-4o-mini', 'hi'],
        ['--api-url', closed, 'models'],
      ]) {
        const result = await run(args, args[0] === '--api-url' ? {} : { API_URL: closed });
        expect(result).toMatchObject({
          code: 1,
          stdout: '',
          stderr: `switchyard: cannot reach the Switchyard API at ${closed} (connection refused)\n`,
        });
      }
    });

    it('has help for every command, and the exit codes in it', async () => {
      for (const args of [
        [],
        ['--help'],
        ['help', 'chat'],
        ['status', '--help'],
        ['keys', 'reset', '--help'],
        ['apply', '-h'],
      ]) {
        const result = await run(args);
        expect(result).toMatchObject({ code: 0, stderr: '' });
        expect(result.stdout).toMatch(/^Usage: switchyard/);
      }
      expect((await run(['--help'])).stdout).toContain(
        'Exit codes: 0 done, 1 refused, failed or unreachable, 2 bad arguments',
      );
      expect(await run(['stats'])).toMatchObject({
        code: 2,
        stderr: "switchyard: unknown command 'stats' (see switchyard --help)\n",
      });
    });
  });

  it('never printed a token, an API key or a provider key', () => {
    expect(runs.length).toBeGreaterThan(10);
    const output = runs.map((result) => result.stdout + result.stderr).join('\n');
    for (const secret of secrets) expect(output).not.toContain(secret);
  });
});
