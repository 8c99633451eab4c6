// `npm run demo`: the whole gateway against the bundled mock provider, with no real provider key.
// Starts the mock (OpenAI, Anthropic and Gemini wire formats), the API on its own embedded database in
// ./.data-demo and the dashboard; points every built-in provider at the mock; adds keys (one of which always
// answers 429), a team with a budget and a token, reused on later runs; then sends a few requests a second for
// a few minutes, so cost, latency and a key cooling down show in the dashboard within a minute.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { API_ENTRY, API_ENVIRONMENT, API_NODE_FLAGS } from './api-process.mjs';
import { ensureInstalled } from './ensure-install.mjs';
import { nx, nxEnv, root } from './run.mjs';

const MOCK_PORT = Number(process.env.DEMO_MOCK_PORT ?? 4010);
const API_PORT = Number(process.env.PORT ?? 4000);
const DASHBOARD_PORT = Number(process.env.DASHBOARD_PORT ?? 3000);
const TRAFFIC_MINUTES = Number(process.env.DEMO_TRAFFIC_MINUTES ?? 5);
const REQUESTS_PER_SECOND = 3;
const ADMIN = { email: 'demo@example.com', password: 'demo-password-123' };
const DATA_DIR = process.env.DEMO_DATA_DIR ?? path.join(root, '.data-demo');
const SAVED = path.join(DATA_DIR, 'demo.json');
const LIMITED_KEY = 'sk-demo-limited-0005';
const KEYS = [
  ['openai', 'sk-demo-primary-0001', 'openai primary'],
  ['openai', 'sk-demo-second-0002', 'openai second'],
  ['openai', LIMITED_KEY, 'openai rate-limited'],
  ['anthropic', 'sk-ant-demo-0003', 'anthropic demo'],
  ['gemini', 'gemini-demo-0004', 'gemini demo'],
];
const MODELS = [
  'openai/gpt-4o-mini',
  'openai/gpt-4o-mini',
  'anthropic/claude-3-5-haiku',
  'gemini/gemini-2.5-flash',
];
const api = `http://127.0.0.1:${API_PORT}`;
const mock = `http://127.0.0.1:${MOCK_PORT}`;

const children = [];
let stopping = false;

/** Stops everything this script started, mock included, and exits: 0 when asked to stop. */
async function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.race([
    Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) =>
            child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve),
          ),
      ),
    ),
    new Promise((resolve) => setTimeout(resolve, 30_000)),
  ]);
  process.exit(code);
}

/** One line, then a clean stop: never a stack trace. */
function fail(message) {
  if (!stopping) console.error(`demo: ${message}`);
  void stop(1);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('uncaughtException', (error) => fail(error.message));
process.on('unhandledRejection', (error) => fail(error instanceof Error ? error.message : String(error)));

function launch(name, command, args, options = {}) {
  const child = spawn(command, args, {
    stdio: options.stdio ?? 'inherit',
    env: { ...nxEnv, ...options.env },
    cwd: options.cwd ?? root,
  });
  child.on('exit', (code, signal) => {
    if (!stopping) fail(`the ${name} stopped (${signal ?? `exit code ${code}`}); stopping the demo`);
  });
  children.push(child);
  return child;
}

/** The demo must talk to its own API, never to another install that happens to answer on the port. */
function assertFree(port, variable) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(new Error(`port ${port} is already in use (another Switchyard?); stop it or set ${variable}`)),
    );
    probe.listen(port, '0.0.0.0', () => probe.close(resolve));
  });
}

async function call(method, route, body, token) {
  const response = await fetch(`${api}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok && response.status !== 409) {
    throw new Error(`${method} ${route} answered ${response.status}: ${json.error?.message ?? 'no message'}`);
  }
  return json;
}

async function waitForApi(child) {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error('the API exited during its start; see its output above');
    const ready = await fetch(`${api}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the API did not become ready within 5 minutes');
}

async function setUp() {
  const { accessToken } = await call('POST', '/admin/auth/login', ADMIN);
  // Every built-in provider, so no demo request can leave the machine.
  const { items: providers } = await call('GET', '/admin/providers?limit=200', undefined, accessToken);
  for (const provider of providers.filter((p) => p.builtIn)) {
    const base = provider.type === 'gemini' ? '/v1beta' : '/v1';
    await call('PATCH', `/admin/providers/${provider.name}`, { baseUrl: `${mock}${base}` }, accessToken);
  }
  const { items: stored } = await call('GET', '/admin/provider-keys?limit=200', undefined, accessToken);
  for (const [provider, secret, label] of KEYS) {
    if (stored.some((key) => key.label === label)) continue;
    await call('POST', '/admin/provider-keys', { provider, secret, label, validate: false }, accessToken);
  }
  const { items: teams } = await call('GET', '/admin/teams?limit=200', undefined, accessToken);
  const team =
    teams.find((t) => t.name === 'demo') ??
    (await call('POST', '/admin/teams', { name: 'demo' }, accessToken));
  await call(
    'PUT',
    `/admin/teams/${team.id}/budget`,
    { limitUsd: 5, period: 'monthly', alertAtPercent: 80 },
    accessToken,
  );
  return { team, token: await demoToken(team, accessToken) };
}

/** The token of an earlier run while it still works; otherwise a new one, kept for the next run. */
async function demoToken(team, accessToken) {
  if (existsSync(SAVED)) {
    const { token } = JSON.parse(readFileSync(SAVED, 'utf8'));
    const works = await fetch(`${api}/v1/models`, { headers: { authorization: `Bearer ${token}` } }).then(
      (r) => r.ok,
    );
    if (works) return token;
  }
  const { token } = await call('POST', `/admin/teams/${team.id}/tokens`, { name: 'demo app' }, accessToken);
  writeFileSync(SAVED, JSON.stringify({ token }), { mode: 0o600 });
  return token;
}

async function driveTraffic(token) {
  const until = Date.now() + TRAFFIC_MINUTES * 60_000;
  const counts = new Map();
  let sent = 0;
  const report = setInterval(() => {
    const summary = [...counts].map(([status, count]) => `${count}× ${status}`).join(', ');
    console.log(`demo: ${sent} requests so far (${summary})`);
  }, 30_000);
  while (!stopping && Date.now() < until) {
    const model = MODELS[sent % MODELS.length];
    sent += 1;
    void fetch(`${api}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        messages: [{ role: 'user', content: 'Tell me something about switchyards.' }],
      }),
    }).then(
      (response) => counts.set(response.status, (counts.get(response.status) ?? 0) + 1),
      () => counts.set('unreachable', (counts.get('unreachable') ?? 0) + 1),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000 / REQUESTS_PER_SECOND));
  }
  clearInterval(report);
  if (!stopping)
    console.log(`demo: traffic stopped after ${sent} requests; everything keeps running until Ctrl-C.`);
}

await assertFree(API_PORT, 'PORT').catch((error) => fail(error.message));
await assertFree(DASHBOARD_PORT, 'DASHBOARD_PORT').catch((error) => fail(error.message));
await assertFree(MOCK_PORT, 'DEMO_MOCK_PORT').catch((error) => fail(error.message));
if (stopping) await new Promise(() => {});

ensureInstalled();
nx(
  'run-many',
  '-t',
  'build',
  '--projects',
  '@switchyard/api,@switchyard/testing,@switchyard/dashboard',
  '--parallel=1',
);

mkdirSync(DATA_DIR, { recursive: true, mode: 0o700 });
const scriptFile = path.join(DATA_DIR, 'mock-script.json');
writeFileSync(
  scriptFile,
  JSON.stringify({
    // One key always refused, so the dashboard shows it cooling and coming back, again and again.
    [LIMITED_KEY]: { failure: { type: 'rate_limit', retryAfterSeconds: 20 } },
    '*': { latencyMs: 150, replyWords: 24 },
  }),
);
launch(
  'mock provider',
  process.execPath,
  [
    path.join(root, 'libs/testing/dist/mock-provider/main.js'),
    '--port',
    String(MOCK_PORT),
    '--script',
    scriptFile,
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
const apiChild = launch('API', process.execPath, [...API_NODE_FLAGS, path.join(root, API_ENTRY)], {
  env: {
    ...API_ENVIRONMENT,
    ...nxEnv,
    PORT: String(API_PORT),
    SWITCHYARD_DATA_DIR: DATA_DIR,
    SWITCHYARD_ADMIN_EMAIL: ADMIN.email,
    SWITCHYARD_ADMIN_PASSWORD: ADMIN.password,
    // The demo's provider is the mock on this machine.
    SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
    DATABASE_URL: '',
    LOG_LEVEL: 'warn',
  },
});
await waitForApi(apiChild);
const { token } = await setUp();
launch('dashboard', path.join(root, 'node_modules/.bin/next'), ['start', '-p', String(DASHBOARD_PORT)], {
  cwd: path.join(root, 'apps/dashboard'),
  env: { API_URL: api },
  stdio: ['ignore', 'ignore', 'inherit'],
});

console.log(`
Switchyard demo is running against a mock provider (no real keys, no cost, nothing leaves this machine).
  Dashboard  http://127.0.0.1:${DASHBOARD_PORT}   sign in as ${ADMIN.email} / ${ADMIN.password}
  API        ${api}   (OpenAPI at ${api}/docs)
  Token      ${token}

For ${TRAFFIC_MINUTES} minutes the demo sends ${REQUESTS_PER_SECOND} requests a second; the key "openai rate-limited"
answers 429, so it cools down and comes back on the Keys page while the others carry the traffic.

  curl ${api}/v1/chat/completions -H "authorization: Bearer ${token}" \\
    -d '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'

Ctrl-C stops everything; the demo's data stays in .data-demo/ for the next run.
`);
await driveTraffic(token);
