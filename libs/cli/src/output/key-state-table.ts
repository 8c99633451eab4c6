import { type KeyStateItem, type Readiness } from '../api-responses.js';
import { formatRemaining } from './duration.js';
import { formatTable, truncate } from './table.js';

const LABEL_WIDTH = 28;

/** One line per key. The key id is shown whole because `switchyard test` takes it. */
export function formatKeyStateTable(items: readonly KeyStateItem[], now: number): string {
  if (items.length === 0) return 'No provider keys yet. Add some with: switchyard import <file>';
  return formatTable(
    ['ID', 'PROVIDER', 'LABEL', 'LAST4', 'TIER', 'STATUS', 'COOLDOWN'],
    items.map((item) => [
      item.keyId,
      item.provider,
      truncate(item.label ?? '', LABEL_WIDTH),
      item.last4 ?? '',
      item.tier,
      item.status,
      cooldownText(item, now),
    ]),
  );
}

/**
 * The key-wide rest if there is one; otherwise the model that recovers first, since rate limits usually hold per
 * key and model while the key itself stays ready for its other models.
 */
export function cooldownText(item: KeyStateItem, now: number): string {
  const keyWide = remaining(item.cooldownUntil, now);
  if (keyWide !== null) return withReason(formatRemaining(keyWide), item.reason ?? null);
  const cooling = item.models
    .map((model) => ({ model, left: remaining(model.cooldownUntil, now) }))
    .filter((entry): entry is { model: KeyStateItem['models'][number]; left: number } => entry.left !== null)
    .sort((a, b) => a.left - b.left);
  const [first, ...others] = cooling;
  if (!first) return '-';
  const more = others.length > 0 ? ` +${others.length} more` : '';
  return `${withReason(`${first.model.model} ${formatRemaining(first.left)}`, first.model.reason)}${more}`;
}

export function formatReadiness(address: string, readiness: Readiness, httpStatus: number): string {
  const ready = httpStatus === 200 && readiness.status === 'ok';
  const checks = Object.entries(readiness.checks)
    .filter(([name]) => name !== 'shutdown')
    .map(([name, state]) => `${name} ${String(state).replace(/_/g, ' ')}`);
  const state = readiness.checks.shutdown === true ? 'shutting down' : ready ? 'ready' : 'not ready';
  return `API ${address}: ${state}${checks.length > 0 ? ` (${checks.join(', ')})` : ''}`;
}

function remaining(until: string | null, now: number): number | null {
  if (until === null) return null;
  const left = Date.parse(until) - now;
  return Number.isFinite(left) && left > 0 ? left : null;
}

const withReason = (text: string, reason: string | null) => (reason ? `${text} (${reason})` : text);
