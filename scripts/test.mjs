// `npm test`: install if needed, then every gate in order: formatting, lint, typecheck, unit and integration
// tests, the chaos suite, browser end-to-end tests. Tests create their databases on DATABASE_URL's server (see README).
import { existsSync } from 'node:fs';
import { ensureInstalled } from './ensure-install.mjs';
import { nx, root, run } from './run.mjs';
import path from 'node:path';

// The browser tests come last; without a browser they would fail only after everything else ran.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `switchyard: the browser tests need Chromium at ${chromium}: \`apt-get install chromium\`, or set CHROMIUM_PATH`,
  );
  process.exit(1);
}
ensureInstalled();
run(path.join(root, 'node_modules/.bin/prettier'), ['--check', '.', '--log-level', 'warn']);
run(path.join(root, 'node_modules/.bin/eslint'), [
  '--max-warnings',
  '0',
  'scripts',
  'prisma',
  'prisma.config.ts',
  'jest.preset.mjs',
]);
nx('run-many', '-t', 'lint', 'typecheck', '--parallel=2');
nx('run-many', '-t', 'test', '--parallel=1');
// Fault injection on private PostgreSQL and Redis servers and API processes (apps/api/test/chaos), alone on the machine.
nx('run-many', '-t', 'chaos', '--parallel=1');
nx('run-many', '-t', 'e2e', '--parallel=1');
console.log('switchyard: every check passed');
