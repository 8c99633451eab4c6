import { describe, expect, it } from '@jest/globals';
import { runCli } from './cli.js';
import { EXIT_OK, EXIT_USAGE } from './errors.js';
import { captureTerminal } from '../test/support/test-terminal.js';

async function run(args: string[], env: Record<string, string> = {}, stdin?: string) {
  const capture = captureTerminal(env, stdin);
  const code = await runCli(args, capture.terminal);
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

describe('runCli without the API', () => {
  it('prints the help for no arguments, --help and help, naming every command', async () => {
    const bare = await run([]);
    expect(bare.code).toBe(EXIT_OK);
    for (const name of ['chat', 'models', 'status', 'test', 'keys', 'import', 'apply', 'help']) {
      expect(bare.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    expect(await run(['--help'])).toEqual(bare);
    expect((await run(['help'])).stdout).toBe(bare.stdout);
  });

  it('prints the version', async () => {
    expect(await run(['--version'])).toEqual({ code: EXIT_OK, stdout: '0.1.0\n', stderr: '' });
  });

  it('refuses unknown commands and options with one line and exit code 2', async () => {
    expect(await run(['stats'])).toEqual({
      code: EXIT_USAGE,
      stdout: '',
      stderr: "switchyard: unknown command 'stats' (see switchyard --help)\n",
    });
    expect(await run(['status', '--colour'])).toEqual({
      code: EXIT_USAGE,
      stdout: '',
      stderr: "switchyard: unknown option '--colour' (see switchyard status --help)\n",
    });
    expect(await run(['chat', '--model'])).toMatchObject({
      code: EXIT_USAGE,
      stderr:
        "switchyard: option '-m, --model <provider/model>' argument missing (see switchyard chat --help)\n",
    });
    expect(await run(['chat', '--max-tokens', '0', 'hi'])).toMatchObject({ code: EXIT_USAGE });
    expect(await run(['keys', 'reset'])).toMatchObject({ code: EXIT_USAGE });
  });

  it('needs a model and a message for chat, before calling anything', async () => {
    expect(await run(['chat', 'hi'], { SWITCHYARD_TOKEN: 'sy-x' })).toMatchObject({
      code: EXIT_USAGE,
      stderr:
        'switchyard: chat needs a model: pass --model provider/model or set SWITCHYARD_MODEL (switchyard models lists them)\n',
    });
    expect(await run(['chat', '-m', 'openai/gpt-4o-mini'], { SWITCHYARD_TOKEN: 'sy-x' })).toMatchObject({
      code: EXIT_USAGE,
      stderr: 'switchyard: chat needs a message: pass it as an argument or --prompt, or pipe it on stdin\n',
    });
    expect(await run(['chat', '-m', 'm', '--system', 'a', '--system-prompt', 'b', 'hi'])).toMatchObject({
      code: EXIT_USAGE,
      stderr: 'switchyard: --system and --system-prompt are the same option; give it once\n',
    });
  });
});
