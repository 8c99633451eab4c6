import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerChat } from './commands/chat.js';
import { registerImport } from './commands/import-keys.js';
import { registerKeys } from './commands/keys.js';
import { registerModels } from './commands/models.js';
import { registerStatus } from './commands/status.js';
import { registerTest } from './commands/test-keys.js';
import { DEFAULT_API_URL } from './connection.js';
import { type CliContext } from './context.js';

const ENVIRONMENT = `
Environment:
  API_URL             where the API listens (default: ${DEFAULT_API_URL})
  SWITCHYARD_API_KEY  admin API key (sya-…) for status, test, import, apply and keys
  SWITCHYARD_TOKEN    proxy token (sy-…) for chat and models
  SWITCHYARD_MODEL    the model chat calls when --model is not given
  NO_COLOR            plain output even on a terminal

Local mode: --config FILE (the tiered YAML of the key import) runs chat, status, test and keys reset in this
process with the file's keys and no API; cooldowns carry over between runs in FILE's .state.json (or --state).

Exit codes: 0 done, 1 refused, failed or unreachable, 2 bad arguments or environment.`;

/** The `switchyard` command line: every command, with `--help` at every level. */
export function buildProgram(context: CliContext): Command {
  const { terminal } = context;
  const program = new Command('switchyard')
    .description('The Switchyard gateway from the command line: over HTTP, or in-process with --config.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand('help [command]', 'show help for a command')
    .option('--api-url <url>', `where the API listens (default: $API_URL, else ${DEFAULT_API_URL})`)
    .option(
      '--api-key <sya-…>',
      'admin API key (default: $SWITCHYARD_API_KEY; prefer the variable, flags show in ps)',
    )
    .option(
      '--token <sy-…>',
      'proxy token (default: $SWITCHYARD_TOKEN; prefer the variable, flags show in ps)',
    )
    .option('-c, --config <file>', "local mode: run with this file's keys, no API")
    .option('--state <file>', 'local mode: where cooldowns are kept between runs (default: beside --config)')
    .addHelpText('after', ENVIRONMENT)
    .configureHelp({ showGlobalOptions: true, helpWidth: terminal.stdout.columns ?? 100 })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => terminal.stdout.write(text),
      writeErr: (text) => terminal.stderr.write(text),
      // One line, no usage dump: the error says which help to read.
      outputError: () => undefined,
    });
  registerChat(program, context);
  registerModels(program, context);
  registerStatus(program, context);
  registerTest(program, context);
  registerKeys(program, context);
  registerImport(program, context);
  registerApply(program, context);
  for (const command of program.commands) inheritSettings(command, context);
  return program;
}

/** Subcommands report errors the program's way, and refuse what they do not know. */
function inheritSettings(command: Command, context: CliContext): void {
  command
    .exitOverride()
    .configureHelp({ showGlobalOptions: true, helpWidth: context.terminal.stdout.columns ?? 100 })
    .configureOutput({
      writeOut: (text) => context.terminal.stdout.write(text),
      writeErr: (text) => context.terminal.stderr.write(text),
      outputError: () => undefined,
    });
  for (const child of command.commands) inheritSettings(child, context);
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
