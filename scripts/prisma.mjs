// Runs the Prisma CLI with the long-timer preload, so migrate commands exit as soon as they finish.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
// Driver adapters and the WebAssembly schema engine need no native engine; without these variables the CLI
// still tries to download one.
const noNativeEngine = path.join(root, 'prisma', 'no-native-engine.txt');
const result = spawnSync(
  process.execPath,
  ['--require', path.join(root, 'prisma', 'unref-long-timers.cjs'), cli, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    cwd: root,
    env: {
      ...process.env,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      PRISMA_QUERY_ENGINE_LIBRARY: noNativeEngine,
      PRISMA_SCHEMA_ENGINE_BINARY: noNativeEngine,
    },
  },
);
process.exit(result.status ?? 1);
