// `npm run replicas -- N`: N API replicas on this machine behind a round-robin front on 127.0.0.1, sharing one
// PostgreSQL (DATABASE_URL) and one Redis (REDIS_URL), for tests and demos. Ctrl-C stops them all.
//
// Options: `--port P` (the front's port; default PORT or 4000), `--no-build` (use the API as last built).
// Exit status: 0 when stopped on request and every replica stopped cleanly; 1 when one failed to start or died;
// 2 for bad arguments or missing settings.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { API_ENTRY, API_ENVIRONMENT, API_NODE_FLAGS } from './api-process.mjs';
import { ensureInstalled } from './ensure-install.mjs';
import { startRoundRobin } from './round-robin.mjs';
import { nx, root } from './run.mjs';

const READY_TIMEOUT_MS = 180_000;

function fail(message, code = 1) {
  console.error(`switchyard replicas: ${message}`);
  process.exit(code);
}

function parseArguments(argv) {
  const options = { count: 2, port: Number(process.env.PORT?.trim() || 4000), build: true };
  for (let i = 0; i < argv.length; i += 1) {
    const argument = argv[i];
    if (argument === '--no-build') options.build = false;
    else if (argument === '--port') options.port = Number(argv[++i]);
    else if (/^\d+$/.test(argument)) options.count = Number(argument);
    else fail(`unknown argument "${argument}"; usage: npm run replicas -- N [--port P] [--no-build]`, 2);
  }
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > 64)
    fail('N must be a whole number from 1 to 64', 2);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
    fail('--port must be a port number', 2);
  return options;
}

/** Every replica must decrypt the same provider keys: one master key, from the environment or ./.data. */
function masterKey(dataDir) {
  const given = process.env.SWITCHYARD_MASTER_KEY?.trim();
  if (given) return given;
  if (process.env.NODE_ENV === 'production')
    fail('SWITCHYARD_MASTER_KEY is required when NODE_ENV=production', 2);
  const file = path.resolve(dataDir, 'master.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  console.log(`switchyard replicas: generated a master key into ${shown(file)}; back it up`);
  return key;
}

/** A path as the user would type it: relative inside the checkout, absolute outside. */
function shown(file) {
  const relative = path.relative(root, file);
  return relative.startsWith('..') ? file : relative;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answersReady(port) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200;
  } catch {
    return false;
  }
}

const options = parseArguments(process.argv.slice(2));
for (const variable of ['DATABASE_URL', 'REDIS_URL'])
  if (!process.env[variable]?.trim())
    fail(`${variable} is required: every replica must share one PostgreSQL and one Redis`, 2);

if (options.build) {
  ensureInstalled();
  nx('run', '@switchyard/api:build', '--output-style=static');
}
const apiMain = path.join(root, API_ENTRY);
if (!existsSync(apiMain)) fail(`${path.relative(root, apiMain)} is missing: build the API first`, 2);

const dataRoot = path.resolve(root, process.env.SWITCHYARD_DATA_DIR?.trim() || '.data');
const sharedEnv = { ...process.env, SWITCHYARD_MASTER_KEY: masterKey(dataRoot) };
const replicas = [];
let stopping = false;
let exitCode = 0;
let front;

function launch(index, port) {
  // Each replica keeps its own data directory: its spill files and checkpoints are its own.
  const dataDir = path.join(dataRoot, 'replicas', String(index));
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'api.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [...API_NODE_FLAGS, apiMain], {
    cwd: root,
    env: {
      ...API_ENVIRONMENT,
      ...sharedEnv,
      PORT: String(port),
      HOST: '127.0.0.1',
      SWITCHYARD_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const replica = { index, port, child, logFile, exited: false };
  child.on('exit', (code, signal) => {
    replica.exited = true;
    const clean = code === 0 || (stopping && signal !== null);
    if (!clean) {
      console.error(
        `switchyard replicas: replica ${index} (port ${port}) exited with ${signal ?? `code ${code}`}`,
      );
      console.error(tail(logFile));
      exitCode ||= 1;
    }
    stop();
  });
  replicas.push(replica);
  return replica;
}

function tail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function waitForReady(replica) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answersReady(replica.port))) {
    if (replica.exited || stopping) throw new Error(`replica ${replica.index} stopped before it was ready`);
    if (Date.now() > deadline)
      throw new Error(`replica ${replica.index} was not ready within ${READY_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function stop() {
  if (stopping) return;
  stopping = true;
  void front?.close();
  for (const replica of replicas) if (!replica.exited) replica.child.kill('SIGTERM');
  const finished = setInterval(() => {
    if (replicas.every((replica) => replica.exited)) {
      clearInterval(finished);
      process.exit(exitCode);
    }
  }, 100);
  setTimeout(() => {
    console.error('switchyard replicas: replicas did not stop within 60 s');
    for (const replica of replicas) if (!replica.exited) replica.child.kill('SIGKILL');
    process.exit(exitCode || 1);
  }, 60_000).unref();
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  const ports = [];
  for (let i = 0; i < options.count; i += 1) ports.push(await freePort());
  // The first replica migrates the database alone; the others start once it is ready.
  const first = launch(1, ports[0]);
  await waitForReady(first);
  const others = ports.slice(1).map((port, i) => launch(i + 2, port));
  await Promise.all(others.map(waitForReady));
  front = await startRoundRobin({ port: options.port, targets: ports });
} catch (error) {
  if (!stopping) {
    console.error(`switchyard replicas: ${error instanceof Error ? error.message : String(error)}`);
    exitCode ||= 1;
    stop();
  }
}

if (!stopping) {
  console.log(`switchyard replicas: ${options.count} replicas ready`);
  for (const replica of replicas)
    console.log(
      `  replica ${replica.index}  http://127.0.0.1:${replica.port}  pid ${replica.child.pid}  log ${shown(replica.logFile)}`,
    );
  console.log(`  front      http://127.0.0.1:${front.port}  (round robin; Ctrl-C stops everything)`);
}
