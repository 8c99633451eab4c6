// Generates the Prisma client after every install, so a fresh clone builds without an extra step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/prisma')) process.exit(0);
const result = spawnSync(process.execPath, ['scripts/prisma.mjs', 'generate', '--no-hints'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
