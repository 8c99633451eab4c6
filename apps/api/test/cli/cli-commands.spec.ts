import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';
import { freePort } from '../support/processes.js';
import { type CliRun, switchyard } from './cli-terminal.js';

const newSecret = (prefix = 'sk-cli') => `${prefix}-${randomBytes(12).toString('hex')}`;

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
    env = { API_URL: gw.baseUrl, SWITCHYARD_API_KEY: apiKey, SWITCHYARD_TOKEN: gw.token };
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

    it('reads the message from stdin, sends the system message first, and takes the model from SWITCHYARD_MODEL', async () => {
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
      gw.mock.script(healthySecret, { chunkDelayMs: 5 });
      const result = await run([
        'chat',
        '--stream',
        '-m',
        'openai/gpt-4o-mini',
        'echo: one two three four five',
      ]);
      gw.mock.script(healthySecret, {});
      expect(result).toMatchObject({ code: 0, stdout: 'one two three four five\n' });
      // One write per streamed word, then the closing newline: nothing was held back until the end.
      expect(result.stdoutWrites).toEqual(['one', ' two', ' three', ' four', ' five', '\n']);
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
        'echo: alpha beta gamma delta epsilon',
      ]);
      expect(result.code).toBe(1);
      // The two chunks sent before the drop, then the newline that keeps the shell prompt on its own line.
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

    it("prints the API's error message and exits 1", async () => {
      const unknown = await run(['chat', '-m', 'mistral/mistral-large', 'hi']);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr).toBe(
        'switchyard: No provider key serves mistral/mistral-large (HTTP 400, model_not_found)\n',
      );
      const badToken = await run(['chat', '-m', 'openai/gpt-4o-mini', 'hi'], {
        SWITCHYARD_TOKEN: 'sy-not-real',
      });
      expect(badToken.code).toBe(1);
      expect(badToken.stderr).toMatch(/^switchyard: .+ \(HTTP 401, invalid_api_key\)\n$/);
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
    it("shows readiness and one row per key, with a model's cooldown", async () => {
      const result = await run(['status']);
      expect(result.code).toBe(0);
      const [readiness, blank, header, ...rows] = result.stdout.trimEnd().split('\n');
      expect(readiness).toBe(`API ${gw.baseUrl}: ready (database ok, redis not configured)`);
      expect(blank).toBe('');
      expect(header).toMatch(/^ID +PROVIDER +LABEL +LAST4 +TIER +STATUS +COOLDOWN$/);
      const healthy = rows.find((row) => row.startsWith(healthyKeyId));
      expect(healthy).toMatch(
        new RegExp(`^${healthyKeyId} +openai +cli primary +${healthySecret.slice(-4)} +primary +ready +-$`),
      );
      // The key the retry test rate-limited rests for the Retry-After it was given.
      const limited = rows.find((row) => / limited /.test(row));
      expect(limited).toMatch(
        / openrouter +limited +\S{4} +primary +\S+ +gpt-4o-mini (1m 5\ds|2m 00s) \(rate_limit\)$/,
      );
      expect(rows).toHaveLength((await listKeys()).length);
    });

    it('prints health and keys as JSON with --json', async () => {
      const result = await run(['status', '--json']);
      expect(result.code).toBe(0);
      const parsed = JSON.parse(result.stdout) as {
        health: { status: string };
        keys: { keyId: string; provider: string }[];
      };
      expect(parsed.health.status).toBe('ok');
      expect(parsed.keys.map((key) => key.keyId).sort()).toEqual(
        (await listKeys()).map((key) => key.id).sort(),
      );
    });
  });

  describe('test', () => {
    it("reports a live pass with the provider's latency", async () => {
      const result = await run(['test', healthyKeyId]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^ok: the provider answered in \d+ ms \(key status: active\)\n$/);
    });

    it("reports the provider's refusal and exits 1", async () => {
      const revoked = newSecret('sk-revoked');
      secrets.push(revoked);
      const keyId = await gw.addKey('openai', revoked);
      gw.mock.script(revoked, { failure: { type: 'auth' } });
      const result = await run(['test', keyId]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^failed after \d+ ms \(key status: \w+\): .*401.*\n$/);
    });

    it('refuses an id that is not one before calling, and relays the 404 of an unknown one', async () => {
      expect(await run(['test', 'key-1'])).toMatchObject({
        code: 2,
        stderr: 'switchyard: keyId must be a provider key id (a UUID, as switchyard status shows)\n',
      });
      const missing = await run(['test', randomUUID()]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/\(HTTP 404, provider_key_not_found\)\n$/);
    });
  });

  describe('import', () => {
    const envFile = async (name: string, lines: string[]) => {
      const file = path.join(workDir, name);
      await writeFile(file, `${lines.join('\n')}\n`);
      return file;
    };

    it('previews a .env file with --dry-run and saves nothing', async () => {
      const [first, second] = [newSecret(), newSecret('AIza')];
      secrets.push(first, second);
      const file = await envFile('preview.env', [
        '# team keys',
        `OPENAI_API_KEY_7=${first}`,
        `GEMINI_API_KEY=${second}`,
      ]);
      const before = (await listKeys()).length;
      const result = await run(['import', file, '--dry-run', '--no-validate']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout.split('\n')).toEqual([
        expect.stringMatching(/^LINE +PROVIDER +LAST4 +STATUS +ERROR$/),
        expect.stringMatching(new RegExp(`^2 +openai +${first.slice(-4)} +created$`)),
        expect.stringMatching(new RegExp(`^3 +gemini +${second.slice(-4)} +created$`)),
        'Dry run: 2 keys would be created; nothing was saved.',
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
      expect(gw.mock.requests(first)).toBe(1);
      const daily = await listKeys('&tier=daily');
      expect(daily.map((key) => key.last4).sort()).toEqual([first.slice(-4), second.slice(-4)].sort());

      const again = await run(['import', file]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/ duplicate +already stored\n/);
      expect(again.stdout).toMatch(/\nNothing new to save, 2 already stored or repeated \(skipped\)\.\n$/);
    });

    it("reads .yaml files as YAML and gives the API's 400 for a malformed one", async () => {
      const file = path.join(workDir, 'broken.yaml');
      await writeFile(file, `primary:\n  - provider: openai\n    api_key: [${newSecret()}\n`);
      const result = await run(['import', file]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^switchyard: content is not valid YAML: line \d+: .+ \(HTTP 400, import_malformed\)\n$/,
      );
    });

    it('prints the per-line report of a refused import, then the refusal', async () => {
      const good = newSecret();
      secrets.push(good);
      const file = await envFile('mixed.env', [`OPENAI_API_KEY_2=${good}`, `COHERE_API_KEY=${newSecret()}`]);
      const before = (await listKeys()).length;
      const result = await run(['import', file, '--no-validate']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^2 +cohere +\S{4} +invalid +no provider named cohere$/m);
      expect(result.stdout).toMatch(/\nRefused: 1 invalid; nothing was saved\.\n$/);
      expect(result.stderr).toMatch(
        /^switchyard: 1 of 2 entries cannot be imported .+ \(HTTP 400, import_rejected\)\n$/,
      );
      expect(await listKeys()).toHaveLength(before);
    });

    it('refuses bad arguments before sending anything', async () => {
      expect(await run(['import'])).toMatchObject({
        code: 2,
        stderr: 'switchyard: import needs a file: switchyard import <file>\n',
      });
      const missing = path.join(workDir, 'missing.env');
      expect(await run(['import', missing])).toMatchObject({
        code: 2,
        stderr: `switchyard: cannot read ${missing}: no such file\n`,
      });
      expect(await run(['import', missing, '--tier', 'gold'])).toMatchObject({
        code: 2,
        stderr: 'switchyard: --tier must be one of primary, daily, fallback\n',
      });
    });
  });

  describe('usage errors and an unreachable API', () => {
    it('names the missing variable and exits 2, without calling the API', async () => {
      const noToken = await run(['chat', '-m', 'openai/gpt-4o-mini', 'hi'], { SWITCHYARD_TOKEN: undefined });
      expect(noToken).toMatchObject({
        code: 2,
        stdout: '',
        stderr: 'switchyard: chat needs a proxy token (sy-…): set SWITCHYARD_TOKEN or pass --token\n',
      });
      const noKey = await run(['status'], { SWITCHYARD_API_KEY: '' });
      expect(noKey).toMatchObject({
        code: 2,
        stderr:
          'switchyard: status needs an admin API key (sya-…): set SWITCHYARD_API_KEY or pass --api-key\n',
      });
      const swapped = await run(['import', 'keys.env'], { SWITCHYARD_API_KEY: gw.token });
      expect(swapped).toMatchObject({
        code: 2,
        stderr:
          'switchyard: SWITCHYARD_API_KEY is not an admin API key: it should start with sya-; that looks like a proxy token, which belongs in SWITCHYARD_TOKEN\n',
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
  });

  it('never printed a token, an API key or a provider key', () => {
    expect(runs.length).toBeGreaterThan(10);
    const output = runs.map((result) => result.stdout + result.stderr).join('\n');
    for (const secret of secrets) expect(output).not.toContain(secret);
  });
});
