import { describe, expect, it } from '@jest/globals';
import { type OptionSpecs, parseCommandLine, splitCommand } from './args.js';
import { UsageError } from './errors.js';

const specs = {
  model: { type: 'string', short: 'm', description: 'model' },
  stream: { type: 'boolean', description: 'stream' },
  'no-validate': { type: 'boolean', description: 'skip checks' },
} satisfies OptionSpecs;

const parse = (...args: string[]) => parseCommandLine(args, specs, 'chat');
const failure = (...args: string[]) => {
  try {
    parse(...args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`${args.join(' ')} was accepted`);
};

describe('parseCommandLine', () => {
  it('reads long, short and inline values, booleans and positionals in any order', () => {
    expect(parse('hello', '--model', 'openai/gpt-4o', '--stream', 'world')).toEqual({
      options: { model: 'openai/gpt-4o', stream: true },
      positionals: ['hello', 'world'],
    });
    expect(parse('-m', 'a/b').options).toEqual({ model: 'a/b' });
    expect(parse('--model=a/b', '--no-validate').options).toEqual({ model: 'a/b', 'no-validate': true });
    expect(parse('-ma/b').options).toEqual({ model: 'a/b' });
  });

  it('lets the last of a repeated option win and treats everything after -- as positional', () => {
    expect(parse('-m', 'a/b', '--model', 'c/d').options.model).toBe('c/d');
    expect(parse('--', '--stream', '-m').positionals).toEqual(['--stream', '-m']);
    expect(parse('--model=-odd').options.model).toBe('-odd');
  });

  it('knows --help and -h for every command', () => {
    expect(parse('--help').options.help).toBe(true);
    expect(parse('-h').options.help).toBe(true);
  });

  it('refuses bad flags with one line naming the flag as typed', () => {
    expect(failure('--modle', 'x')).toBe('unknown option --modle for chat');
    expect(failure('-x')).toBe('unknown option -x for chat');
    expect(failure('--model')).toBe('--model needs a value');
    expect(failure('-m')).toBe('-m needs a value');
    expect(failure('--model=')).toBe('--model needs a value');
    expect(failure('--stream=yes')).toBe('--stream takes no value');
    expect(failure('--model', '--stream')).toBe(
      '--model needs a value (for one that starts with "-", write --model=<value>)',
    );
  });

  it('does not take inherited object keys for options', () => {
    expect(failure('--constructor')).toBe('unknown option --constructor for chat');
    expect(failure('--__proto__')).toBe('unknown option --__proto__ for chat');
  });
});

describe('splitCommand', () => {
  const valueFlags = ['--api-url', '--token'];

  it('finds the command after connection flags and keeps those flags for it', () => {
    expect(splitCommand(['--api-url', 'http://x:1', 'status', '--json'], valueFlags)).toEqual({
      command: 'status',
      args: ['--api-url', 'http://x:1', '--json'],
    });
    expect(splitCommand(['--api-url=http://x:1', 'models'], valueFlags)).toEqual({
      command: 'models',
      args: ['--api-url=http://x:1'],
    });
  });

  it('takes the first word as the command and passes the rest through untouched', () => {
    expect(splitCommand(['chat', '-m', 'a/b', 'status'], valueFlags)).toEqual({
      command: 'chat',
      args: ['-m', 'a/b', 'status'],
    });
  });

  it('reports no command for flags alone or an empty line', () => {
    expect(splitCommand(['--help'], valueFlags)).toEqual({ command: undefined, args: ['--help'] });
    expect(splitCommand([], valueFlags)).toEqual({ command: undefined, args: [] });
    expect(splitCommand(['--', 'chat'], valueFlags).command).toBeUndefined();
  });
});
