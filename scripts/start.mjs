// `npm start`: install if needed, build, then serve the API and the dashboard until interrupted.
// `npm run start:api` (--api-only) serves the API alone.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureInstalled } from './ensure-install.mjs';
import { nx, nxEnv, root } from './run.mjs';

const apiOnly = process.argv.includes('--api-only');
ensureInstalled();
nx(
  'run-many',
  '-t',
  'build',
  '--projects',
  apiOnly ? '@switchyard/api' : '@switchyard/api,@switchyard/dashboard',
  '--parallel=1',
);

const children = [];
let stopping = false;

function launch(name, command, args, options) {
  const child = spawn(command, args, { stdio: 'inherit', env: nxEnv, ...options });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`switchyard: ${name} exited (${signal ?? code}); stopping`);
      stop(code ?? 1);
    } else if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) {
      process.exit(0);
    }
  });
  children.push(child);
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 30_000).unref();
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// The API runs from the repository root so the embedded database lives in ./.data/.
launch('api', process.execPath, [path.join(root, 'apps/api/dist/main.js')], { cwd: root });
if (!apiOnly) {
  const port = process.env.DASHBOARD_PORT ?? '3000';
  launch('dashboard', path.join(root, 'node_modules/.bin/next'), ['start', '-p', port], {
    cwd: path.join(root, 'apps/dashboard'),
  });
}
