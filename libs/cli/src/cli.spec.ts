import { describe, expect, it } from '@jest/globals';
import { runCli } from './cli.js';
import { EXIT_OK, EXIT_USAGE } from './errors.js';
import { captureTerminal } from '../test/support/test-terminal.js';

const TOKEN = 'sy-0123456789abcdefghijklmnopqrstuvwxyzABCD';

async function run(args: string[], env: Record<string, string> = {}, stdin?: string) {
  const capture = captureTerminal(env, stdin);
  const code = await runCli(args, capture.terminal);
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

describe('runCli without the API', () => {
  it('prints the general help for no arguments, --help and help', async () => {
    const bare = await run([]);
    expect(bare.code).toBe(EXIT_OK);
    for (const name of ['chat', 'models', 'status', 'test', 'import', 'help']) {
      expect(bare.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    for (const variable of ['API_URL', 'SWITCHYARD_API_KEY', 'SWITCHYARD_TOKEN', 'SWITCHYARD_MODEL']) {
      expect(bare.stdout).toContain(variable);
    }
    expect(await run(['--help'])).toEqual(bare);
    expect(await run(['help'])).toEqual(bare);
  });

  it('prints a command help through --help or help <command>, with no credentials set', async () => {
    const help = await run(['import', '--help']);
    expect(help).toMatchObject({ code: EXIT_OK, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: switchyard import \[options\] <file>\n/);
    expect(help.stdout).toMatch(/^ {6}--no-validate +skip the live check/m);
    expect(help.stdout).toMatch(/^ {6}--tier <primary\|daily\|fallback> /m);
    expect(help.stdout).toMatch(/^ {2}-h, --help +show this help$/m);
    expect(await run(['help', 'import'])).toEqual(help);
    expect((await run(['chat', '-h'])).stdout).toMatch(/^ {2}-m, --model <provider\/model> /m);
  });

  it('prints the version', async () => {
    expect(await run(['--version'])).toEqual({ code: EXIT_OK, stdout: '0.1.0\n', stderr: '' });
  });

  it('refuses unknown commands and options with one line and exit code 2', async () => {
    expect(await run(['stats'])).toEqual({
      code: EXIT_USAGE,
      stdout: '',
      stderr:
        'switchyard: unknown command "stats"; the commands are chat, models, status, test, import, help\n',
    });
    expect(await run(['help', 'stats'])).toMatchObject({ code: EXIT_USAGE });
    expect(await run(['--stream'])).toMatchObject({
      code: EXIT_USAGE,
      stderr: 'switchyard: no command given; run "switchyard help" to see them\n',
    });
    expect(await run(['status', '--token', TOKEN])).toEqual({
      code: EXIT_USAGE,
      stdout: '',
      stderr: 'switchyard: unknown option --token for status (see switchyard status --help)\n',
    });
    expect(await run(['chat', '--model'])).toMatchObject({
      code: EXIT_USAGE,
      stderr: 'switchyard: --model needs a value (see switchyard chat --help)\n',
    });
  });

  it('asks for what chat is missing before sending anything', async () => {
    // An address nothing listens on: reaching the network would turn these into exit code 1.
    const env = { API_URL: 'http://127.0.0.1:9', SWITCHYARD_TOKEN: TOKEN };
    expect(await run(['chat', 'hi'], env)).toMatchObject({
      code: EXIT_USAGE,
      stderr:
        'switchyard: chat needs a model: pass --model provider/model or set SWITCHYARD_MODEL (switchyard models lists them)\n',
    });
    expect(await run(['chat', '-m', 'openai/gpt-4o-mini'], env)).toMatchObject({
      code: EXIT_USAGE,
      stderr: 'switchyard: chat needs a message: pass it as an argument or pipe it on stdin\n',
    });
    expect(await run(['chat', '-m', 'openai/gpt-4o-mini'], env, ' \n')).toMatchObject({
      code: EXIT_USAGE,
      stderr: 'switchyard: chat got an empty message on stdin\n',
    });
    expect(await run(['models', 'extra'], env)).toMatchObject({
      code: EXIT_USAGE,
      stderr: 'switchyard: models takes no arguments (got "extra")\n',
    });
  });

  it('names a bad API_URL rather than trying it', async () => {
    expect(await run(['models'], { API_URL: 'localhost:4000', SWITCHYARD_TOKEN: TOKEN })).toEqual({
      code: EXIT_USAGE,
      stdout: '',
      stderr: 'switchyard: API_URL must be an http:// or https:// URL\n',
    });
  });
});
