// Small helpers shared by the start and test scripts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Nx runs offline and without its daemon: nothing here may reach for the network or linger. */
export const nxEnv = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NEXT_TELEMETRY_DISABLED: '1',
};

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: nxEnv, ...options });
  if (result.status !== 0) {
    console.error(`switchyard: \`${[command, ...args].join(' ')}\` failed`);
    process.exit(result.status ?? 1);
  }
}

export const nx = (...args) => run(path.join(root, 'node_modules', '.bin', 'nx'), args);
