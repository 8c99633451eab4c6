import { parseArgs } from 'node:util';
import { startMockProvider } from './mock-provider.js';

/** Starts the mock provider for demos: `node dist/mock-provider/main.js --port 4010`. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${values.port}`);
  const mock = await startMockProvider({ port, host: values.host });
  console.log(mock.url);
  const stop = (): void => void mock.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
