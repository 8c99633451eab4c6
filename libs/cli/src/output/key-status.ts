import { formatUsd, UNPRICED } from '@switchyard/contracts';
import { type KeyState } from '../api-responses.js';
import { formatRemaining } from './duration.js';
import { type Style } from './style.js';
import { renderTable, type TableLayout } from './table.js';

/** One key × model as `status` shows it, the same in both modes and in `--json`. */
export interface ModelStatus {
  model: string;
  status: string;
  cooldownUntil: string | null;
  reason: string | null;
  inFlight: number;
  requestsToday: number;
  /** Null when some of today's traffic had no price, so no honest total exists. */
  costTodayUsd: number | null;
  failures: number;
}

export interface KeyStatus {
  keyId: string;
  label: string | null;
  provider: string;
  tier: string;
  status: string;
  cooldownUntil: string | null;
  reason: string | null;
  inFlight: number;
  models: ModelStatus[];
}

export function keyStatusFromApi(item: KeyState): KeyStatus {
  return {
    keyId: item.keyId,
    label: item.label,
    provider: item.provider,
    tier: item.tier,
    status: item.status,
    cooldownUntil: item.cooldownUntil,
    reason: item.reason,
    inFlight: item.inFlight,
    models: item.models.map((model) => ({
      model: model.model,
      status: model.status,
      cooldownUntil: model.cooldownUntil,
      reason: model.reason,
      inFlight: model.inFlight,
      requestsToday: model.requestsToday,
      costTodayUsd: model.costUsd,
      failures: model.failures,
    })),
  };
}

const HEAD = [
  'ID',
  'LABEL',
  'PROVIDER',
  'TIER',
  'MODEL',
  'STATUS',
  'COOLDOWN',
  'IN FLIGHT',
  'TODAY',
  'COST TODAY',
  'FAILED',
];
/** Labels and model names give up width first; the id never does, since `keys reset` and `test` take it. */
const SHRINKABLE = [1, 4, 6];

/** One line per key × model; a key's own columns are not repeated on its further lines. */
export function formatStatusTable(keys: readonly KeyStatus[], now: number, layout: TableLayout): string {
  if (keys.length === 0) return 'No provider keys yet.';
  const { style } = layout;
  const rows = keys.flatMap((key) => {
    const models = key.models.length > 0 ? key.models : [null];
    return models.map((model, index) => {
      const owner = index === 0;
      const status = model ? (key.status === 'ready' ? model.status : key.status) : key.status;
      return [
        owner ? key.keyId : '',
        owner ? (key.label ?? '') : '',
        owner ? key.provider : '',
        owner ? key.tier : '',
        model?.model ?? '—',
        paintStatus(status, style),
        cooldown(key, model, now),
        String(model?.inFlight ?? key.inFlight),
        model === null ? '—' : String(model.requestsToday),
        model === null
          ? '—'
          : model.costTodayUsd === null
            ? style.yellow(UNPRICED)
            : formatUsd(model.costTodayUsd),
        model === null || model.failures === 0 ? '0' : style.red(String(model.failures)),
      ];
    });
  });
  return renderTable(HEAD, rows, { ...layout, shrinkable: SHRINKABLE });
}

/** The rest that keeps the row from serving: the key-wide one first, else the model's own. */
function cooldown(key: KeyStatus, model: ModelStatus | null, now: number): string {
  const keyLeft = remaining(key.cooldownUntil, now);
  if (keyLeft !== null) return withReason(formatRemaining(keyLeft), key.reason);
  const modelLeft = model ? remaining(model.cooldownUntil, now) : null;
  return modelLeft === null ? '—' : withReason(formatRemaining(modelLeft), model?.reason ?? null);
}

export function paintStatus(status: string, style: Style): string {
  if (status === 'ready') return style.green(status);
  if (status === 'cooling' || status === 'exhausted') return style.yellow(status);
  if (status === 'auth_failed' || status === 'disabled') return style.red(status);
  return status;
}

function remaining(until: string | null, now: number): number | null {
  if (until === null) return null;
  const left = Date.parse(until) - now;
  return Number.isFinite(left) && left > 0 ? left : null;
}

const withReason = (text: string, reason: string | null) => (reason ? `${text} (${reason})` : text);
