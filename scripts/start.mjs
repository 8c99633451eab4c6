// `npm start`: install if needed, build, then serve the API and the dashboard until interrupted.
// `npm run start:api` (--api-only) serves the API alone.
//
// Exit status: 0 only when the stop was asked for (Ctrl-C, SIGTERM) and every service stopped cleanly; otherwise
// the failing service's code (1 when it died by a signal), so scripts and supervisors see a failed start.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { API_ENTRY, API_ENVIRONMENT, API_NODE_FLAGS } from './api-process.mjs';
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

const apiPort = process.env.PORT?.trim() || '4000';
const dashboardPort = process.env.DASHBOARD_PORT?.trim() || '3000';
// The dashboard calls the API this script starts, unless API_URL says otherwise.
const apiUrl = process.env.API_URL?.trim() || `http://127.0.0.1:${apiPort}`;

const children = [];
let stopping = false;
let exitCode = 0;

function launch(name, command, args, options) {
  const child = spawn(command, args, { stdio: 'inherit', env: nxEnv, ...options });
  child.on('error', (error) => {
    console.error(`switchyard: ${name} could not be started: ${error.message}`);
    exitCode ||= 1;
    stop();
  });
  child.on('exit', (code, signal) => {
    // A service we asked to stop may end by that signal, or report it as 128 + the signal's number (Next.js
    // exits 143 on SIGTERM, 130 on SIGINT); anything else but a clean 0 is a failure.
    const clean = code === 0 || (stopping && (signal !== null || code === 130 || code === 143));
    if (!clean) {
      console.error(`switchyard: ${name} exited with ${signal ?? `code ${code}`}`);
      exitCode ||= code || 1;
    } else if (!stopping) {
      console.error(`switchyard: ${name} stopped`);
    }
    stop();
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode);
  });
  children.push(child);
  return child;
}

function stop() {
  if (stopping) return;
  stopping = true;
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  setTimeout(() => {
    console.error('switchyard: services did not stop within 30 s');
    process.exit(exitCode || 1);
  }, 30_000).unref();
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// The API runs from the repository root so the embedded database lives in ./.data/.
launch('api', process.execPath, [...API_NODE_FLAGS, path.join(root, API_ENTRY)], {
  cwd: root,
  env: { ...API_ENVIRONMENT, ...nxEnv },
});
if (!apiOnly) {
  const dashboard = launch(
    'dashboard',
    path.join(root, 'node_modules/.bin/next'),
    ['start', '-p', dashboardPort],
    {
      cwd: path.join(root, 'apps/dashboard'),
      env: { ...nxEnv, API_URL: apiUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  // Next's banner would bury the ready lines; its other output passes through.
  readline.createInterface({ input: dashboard.stdout }).on('line', (line) => {
    if (!/^\s*$|^\s*[▲✓]|^\s*- (Local|Network):/.test(line)) console.log(line);
  });
  void announceDashboard();
}

/**
 * One line once the dashboard answers, naming the API it talks to; printed after the API is ready too, so the
 * log ends with the two ready lines whichever service took longer.
 */
async function announceDashboard() {
  const url = `http://127.0.0.1:${dashboardPort}`;
  const answers = (address) =>
    fetch(address).then(
      (response) => response.ok,
      () => false,
    );
  for (let attempt = 0; attempt < 1200 && !stopping; attempt += 1) {
    if ((await answers(`${url}/api/health`)) && (await answers(`${apiUrl}/health/ready`))) {
      if (!stopping) console.log(`switchyard: dashboard ready on ${url} (API ${apiUrl})`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
