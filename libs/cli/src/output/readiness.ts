import { type Readiness } from '../api-responses.js';
import { type Style } from './style.js';

export function formatReadiness(
  address: string,
  readiness: Readiness,
  httpStatus: number,
  style: Style,
): string {
  const ready = httpStatus === 200 && readiness.status === 'ok';
  const checks = Object.entries(readiness.checks)
    .filter(([name]) => name !== 'shutdown')
    .map(([name, state]) => `${name} ${String(state).replace(/_/g, ' ')}`);
  const state =
    readiness.checks.shutdown === true
      ? style.yellow('shutting down')
      : ready
        ? style.green('ready')
        : style.red('not ready');
  return `API ${address}: ${state}${checks.length > 0 ? ` (${checks.join(', ')})` : ''}`;
}
