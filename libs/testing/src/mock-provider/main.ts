import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startMockProvider } from './mock-provider.js';
import type { MockFault } from './mock-types.js';

/**
 * Starts the mock provider for demos: `node dist/mock-provider/main.js --port 4010 [--script faults.json]`, where
 * the JSON maps API keys (or "*" for every other key) to their scripted behaviour.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      script: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${values.port}`);
  const mock = await startMockProvider({ port, host: values.host });
  if (values.script) {
    const scripts = JSON.parse(readFileSync(values.script, 'utf8')) as Record<string, MockFault>;
    for (const [apiKey, fault] of Object.entries(scripts)) mock.script(apiKey, fault);
  }
  console.log(mock.url);
  const stop = (): void => void mock.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
