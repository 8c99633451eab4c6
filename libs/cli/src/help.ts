import { HELP_OPTION, type OptionSpec } from './args.js';
import { type Command } from './command.js';
import { DEFAULT_API_URL } from './connection.js';
import { formatColumns } from './output/table.js';

export function formatGeneralHelp(commands: readonly Command[]): string {
  return [
    'Usage: switchyard <command> [options]',
    '',
    'Talks to a running Switchyard API over HTTP.',
    '',
    'Commands:',
    indent(
      formatColumns([
        ...commands.map((command) => [command.name, command.summary]),
        ['help', 'show help for a command'],
      ]),
    ),
    '',
    'Environment:',
    indent(
      formatColumns([
        ['API_URL', `where the API listens (default: ${DEFAULT_API_URL})`],
        ['SWITCHYARD_API_KEY', 'admin API key (sya-…) for status, test and import'],
        ['SWITCHYARD_TOKEN', 'proxy token (sy-…) for chat and models'],
        ['SWITCHYARD_MODEL', 'the model chat calls when --model is not given'],
      ]),
    ),
    '',
    'Exit codes: 0 done, 1 the API refused or could not be reached, 2 bad arguments or environment.',
    'Run "switchyard <command> --help" for its options.',
  ].join('\n');
}

export function formatCommandHelp(command: Command): string {
  const options = Object.entries({ ...command.options, ...HELP_OPTION }).map(([name, spec]) => [
    optionLabel(name, spec),
    spec.description,
  ]);
  return [
    `Usage: switchyard ${command.name} ${command.usage}`,
    '',
    ...command.details,
    '',
    'Options:',
    indent(formatColumns(options)),
  ].join('\n');
}

function optionLabel(name: string, spec: OptionSpec): string {
  const long = spec.type === 'string' ? `--${name} <${spec.valueName ?? 'value'}>` : `--${name}`;
  return spec.short ? `-${spec.short}, ${long}` : `    ${long}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
