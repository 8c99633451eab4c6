// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the difference between the schema as of the
// last committed migration and the working prisma/schema.prisma.
// The WebAssembly schema engine cannot run `migrate dev` or introspect a database here, but it diffs two
// datamodels reliably, so the baseline is taken from git.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:new-migration -- <snake_case_name> [git-ref-of-baseline]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const baselineRef = process.argv[3] ?? git('log', '-1', '--format=%H', '--', 'prisma/migrations');
const baseline = path.join(mkdtempSync(path.join(os.tmpdir(), 'switchyard-schema-')), 'schema.prisma');
writeFileSync(baseline, git('show', `${baselineRef}:prisma/schema.prisma`));

const diff = spawnSync(
  process.execPath,
  [
    'scripts/prisma.mjs',
    'migrate',
    'diff',
    '--from-schema-datamodel',
    baseline,
    '--to-schema-datamodel',
    'prisma/schema.prisma',
    '--script',
  ],
  {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://unused@127.0.0.1/unused' },
  },
);
if (diff.status !== 0) {
  console.error(diff.stdout + diff.stderr);
  process.exit(1);
}
const sql = diff.stdout
  .split('\n')
  .filter((line) => !line.startsWith('Loaded Prisma config'))
  .join('\n')
  .trim();
if (!sql || sql.includes('This is an empty migration')) {
  console.log('prisma/schema.prisma matches the migrations; nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join('prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), sql + '\n');
console.log(`wrote ${dir}/migration.sql`);
