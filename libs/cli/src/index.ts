export { runCli } from './cli.js';
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './errors.js';
export type { Terminal, Writer } from './terminal.js';
