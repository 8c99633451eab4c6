import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** How help names a string option's value: `--model <provider/model>`. */
  valueName?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export type ParsedOptions<S extends OptionSpecs> = {
  [K in keyof S]?: S[K]['type'] extends 'string' ? string : boolean;
};

export interface CommandLine<S extends OptionSpecs> {
  options: ParsedOptions<S> & { help?: boolean };
  positionals: string[];
}

export const HELP_OPTION = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} satisfies OptionSpecs;

/**
 * Parses one command's arguments. Node's strict mode would do most of this, but its messages are long and
 * name options as `'-m, --model <value>'`; these checks give one short line naming the flag as typed.
 */
export function parseCommandLine<S extends OptionSpecs>(
  args: readonly string[],
  specs: S,
  commandName: string,
): CommandLine<S> {
  const known: OptionSpecs = { ...specs, ...HELP_OPTION };
  const { tokens } = parseArgs({
    args: [...args],
    options: toNodeOptions(known),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const options: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(known, token.name) ? known[token.name] : undefined;
    if (!spec) throw new UsageError(`unknown option ${token.rawName} for ${commandName}`);
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      options[token.name] = true;
      continue;
    }
    // `--model --stream` would otherwise take "--stream" as the model.
    const swallowedAnOption = !token.inlineValue && token.value !== undefined && /^-./.test(token.value);
    if (token.value === undefined || token.value === '' || swallowedAnOption) {
      throw new UsageError(
        swallowedAnOption
          ? `${token.rawName} needs a value (for one that starts with "-", write --${token.name}=<value>)`
          : `${token.rawName} needs a value`,
      );
    }
    options[token.name] = token.value;
  }
  return { options: options as CommandLine<S>['options'], positionals };
}

/**
 * Finds the command, so connection flags may come before it (`switchyard --api-url URL status`) as well as after.
 * `valueOptions` are the flags that take the next argument as their value, e.g. `--api-url`.
 */
export function splitCommand(
  argv: readonly string[],
  valueOptions: readonly string[],
): { command: string | undefined; args: string[] } {
  const leading: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (!arg.startsWith('-')) return { command: arg, args: [...leading, ...argv.slice(index + 1)] };
    if (arg === '--') break;
    leading.push(arg);
    const next = argv[index + 1];
    if (valueOptions.includes(arg) && next !== undefined) {
      leading.push(next);
      index += 1;
    }
  }
  return { command: undefined, args: leading };
}

function toNodeOptions(specs: OptionSpecs): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      spec.short ? { type: spec.type, short: spec.short } : { type: spec.type },
    ]),
  );
}
