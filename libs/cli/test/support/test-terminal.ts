import { type Terminal } from '../../src/terminal.js';

/** A terminal whose output is kept for assertions; stdin is interactive unless text is given. */
export function captureTerminal(env: Terminal['env'] = {}, stdin?: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  async function* input() {
    if (stdin !== undefined) yield stdin;
  }
  const terminal: Terminal = {
    env,
    stdin: Object.assign(input(), { isTTY: stdin === undefined }),
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
  };
  return { terminal, stdout: () => stdout.join(''), stderr: () => stderr.join('') };
}
