import { Readable } from 'node:stream';
import { runCli, type Terminal } from '@switchyard/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Each write to stdout on its own: a streamed answer arrives in several. */
  stdoutWrites: string[];
}

/**
 * Runs one `switchyard` command line in this process, against whatever API the environment names. Without `stdin`
 * the input behaves as an interactive terminal, as when someone types the command.
 */
export async function switchyard(
  args: string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): Promise<CliRun> {
  const stdoutWrites: string[] = [];
  const stderr: string[] = [];
  const input: Terminal['stdin'] =
    stdin === undefined ? Object.assign(Readable.from([]), { isTTY: true }) : Readable.from([stdin]);
  const code = await runCli(args, {
    env,
    stdin: input,
    stdout: { write: (text: string) => stdoutWrites.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
  });
  return { code, stdout: stdoutWrites.join(''), stderr: stderr.join(''), stdoutWrites };
}
