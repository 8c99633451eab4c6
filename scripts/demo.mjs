// `npm run demo`: the whole gateway against the bundled mock provider, with no real provider key.
// Starts the mock (OpenAI, Anthropic and Gemini wire formats), the API on its own embedded database in
// ./.data-demo, points the built-in providers at the mock, adds keys, a team with a budget and a token, and
// prints how to call it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureInstalled } from './ensure-install.mjs';
import { nx, nxEnv, root } from './run.mjs';

const MOCK_PORT = Number(process.env.DEMO_MOCK_PORT ?? 4010);
const API_PORT = Number(process.env.PORT ?? 4000);
const ADMIN = { email: 'demo@example.com', password: 'demo-password-123' };
const api = `http://127.0.0.1:${API_PORT}`;

ensureInstalled();
nx(
  'run-many',
  '-t',
  'build',
  '--projects',
  '@switchyard/api,@switchyard/testing,@switchyard/dashboard',
  '--parallel=1',
);

const children = [];
const launch = (command, args, options = {}) => {
  const child = spawn(command, args, {
    stdio: 'inherit',
    env: { ...nxEnv, ...options.env },
    cwd: options.cwd ?? root,
  });
  children.push(child);
  return child;
};
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

launch(process.execPath, [
  path.join(root, 'libs/testing/dist/mock-provider/main.js'),
  '--port',
  String(MOCK_PORT),
]);
launch(process.execPath, [path.join(root, 'apps/api/dist/main.js')], {
  env: {
    PORT: String(API_PORT),
    SWITCHYARD_DATA_DIR: path.join(root, '.data-demo'),
    SWITCHYARD_ADMIN_EMAIL: ADMIN.email,
    SWITCHYARD_ADMIN_PASSWORD: ADMIN.password,
    // The demo's provider is the mock on this machine.
    SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
    DATABASE_URL: '',
  },
});
launch(path.join(root, 'node_modules/.bin/next'), ['start', '-p', process.env.DASHBOARD_PORT ?? '3000'], {
  cwd: path.join(root, 'apps/dashboard'),
  env: { API_URL: api },
});

async function call(method, route, body, token) {
  const response = await fetch(`${api}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok && response.status !== 409)
    throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

for (let attempt = 0; ; attempt += 1) {
  const ready = await fetch(`${api}/health/ready`)
    .then((r) => r.ok)
    .catch(() => false);
  if (ready) break;
  if (attempt > 300) throw new Error('the API did not become ready');
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const { accessToken } = await call('POST', '/admin/auth/login', ADMIN);
const mock = `http://127.0.0.1:${MOCK_PORT}`;
for (const [name, base] of [
  ['openai', '/v1'],
  ['anthropic', '/v1'],
  ['gemini', '/v1beta'],
  ['openrouter', '/v1'],
]) {
  await call('PATCH', `/admin/providers/${name}`, { baseUrl: `${mock}${base}` }, accessToken);
}
const existing = await call('GET', '/admin/provider-keys?limit=1', undefined, accessToken);
if (existing.items.length === 0) {
  for (const [provider, secret] of [
    ['openai', 'sk-demo-primary-0001'],
    ['openai', 'sk-demo-second-0002'],
    ['anthropic', 'sk-ant-demo-0003'],
    ['gemini', 'gemini-demo-0004'],
  ]) {
    await call(
      'POST',
      '/admin/provider-keys',
      { provider, secret, label: `${provider} demo`, validate: true },
      accessToken,
    );
  }
}
const team = await call('POST', '/admin/teams', { name: `demo-${Date.now()}` }, accessToken);
await call(
  'PUT',
  `/admin/teams/${team.id}/budget`,
  { limitUsd: 5, period: 'monthly', alertAtPercent: 80 },
  accessToken,
);
const { token } = await call('POST', `/admin/teams/${team.id}/tokens`, { name: 'demo app' }, accessToken);

console.log(`
Switchyard demo is running against a mock provider (no real keys, no cost).
  Dashboard  http://127.0.0.1:${process.env.DASHBOARD_PORT ?? 3000}   sign in as ${ADMIN.email} / ${ADMIN.password}
  API        ${api}   (OpenAPI at ${api}/docs)
  Token      ${token}

  curl ${api}/v1/chat/completions -H "authorization: Bearer ${token}" -H 'content-type: application/json' \\
    -d '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'

Ctrl-C stops everything; the demo database stays in .data-demo/.
`);
