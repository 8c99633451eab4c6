#!/usr/bin/env node
import { runCli } from './cli.js';
import { Interruption } from './context.js';

// `switchyard models | head -1` closes the pipe early: that ends the output, it is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Ctrl-C ends `status --watch` as asked (exit 0); any other command stops at once, as killed by it.
const interruption = new Interruption();
process.on('SIGINT', () => {
  if (interruption.claimed && !interruption.signal.aborted) interruption.interrupt();
  else process.exit(130);
});

process.exitCode = await runCli(
  process.argv.slice(2),
  { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  interruption,
);
