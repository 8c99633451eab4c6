import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';
import { freePort } from '../support/processes.js';

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
// The entry point from source, so the spec needs no build; `bin/switchyard.js` runs the same file once compiled.
const cliEntry = path.join(workspaceRoot, 'libs/cli/src/main.ts');
const registerTs = path.join(workspaceRoot, 'scripts/register-ts.mjs');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `switchyard` as its own process with exactly this environment (plus PATH and HOME). */
function switchyardProcess(args: string[], env: Record<string, string>, stdin = ''): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', registerTs, cliEntry, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the switchyard process', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('openai', 'sk-cli-process-1');
  });

  afterAll(async () => {
    await gw.close();
  });

  it('streams a piped message through the gateway and exits 0', async () => {
    const exit = await switchyardProcess(
      ['chat', '--stream', '--model', 'openai/gpt-4o-mini'],
      { API_URL: gw.baseUrl, SWITCHYARD_TOKEN: gw.token },
      'echo: piped into the process\n',
    );
    expect(exit).toMatchObject({ code: 0, stdout: 'piped into the process\n' });
    expect(exit.stderr).toMatch(
      /^openai\/gpt-4o-mini · \d+ prompt \+ 4 completion tokens · 1 attempt · .+\n$/,
    );
  });

  it('exits 2 with one line, no stack trace, when the token is missing', async () => {
    const exit = await switchyardProcess(['chat', '-m', 'openai/gpt-4o-mini', 'hi'], { API_URL: gw.baseUrl });
    expect(exit).toEqual({
      code: 2,
      stdout: '',
      stderr: 'switchyard: chat needs a proxy token (sy-…): set SWITCHYARD_TOKEN or pass --token\n',
    });
  });

  it('exits 1 naming the address when nothing listens there', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const exit = await switchyardProcess(['status', '--api-url', closed], {
      SWITCHYARD_API_KEY: 'sya-0123456789abcdefghijklmnopqrstuvwxyzABCD',
    });
    expect(exit).toEqual({
      code: 1,
      stdout: '',
      stderr: `switchyard: cannot reach the Switchyard API at ${closed} (connection refused)\n`,
    });
  });
});
