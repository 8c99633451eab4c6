// Installs dependencies when node_modules is missing or older than the manifests, so `npm start` and
// `npm test` work on a fresh clone with nothing but Node and npm.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const marker = path.join(root, 'node_modules', '.switchyard-install');

function manifests() {
  const files = ['package.json', 'package-lock.json'];
  for (const group of ['apps', 'libs']) {
    for (const name of readdirSync(path.join(root, group))) {
      const file = path.join(group, name, 'package.json');
      if (existsSync(path.join(root, file))) files.push(file);
    }
  }
  return files;
}

export function ensureInstalled() {
  const hash = createHash('sha256');
  for (const file of manifests())
    if (existsSync(path.join(root, file))) hash.update(file).update(readFileSync(path.join(root, file)));
  const fingerprint = hash.digest('hex');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === fingerprint) return;
  console.log('switchyard: installing dependencies (npm install)…');
  // `npm ci` is not used: the registry here lacks other platforms' optional binaries, which it insists on.
  // `--include=dev`: under NODE_ENV=production npm would leave out the compilers and tools the build needs.
  const result = spawnSync('npm', ['install', '--include=dev', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('switchyard: npm install failed');
    process.exit(result.status ?? 1);
  }
  writeFileSync(marker, fingerprint);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureInstalled();
