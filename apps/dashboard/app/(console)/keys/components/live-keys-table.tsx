'use client';

import { Fragment, useState } from 'react';
import { Countdown } from '@/components/countdown';
import { ChevronRightIcon } from '@/components/icons';
import { KeyStatusBadge } from '@/components/key-status-badge';
import { ActionButton } from '@/components/ui/action-button';
import { Money } from '@/components/ui/money';
import { tableStyles } from '@/components/ui/styles';
import { useNow } from '@/hooks/use-now';
import { formatCount } from '@/lib/format';
import { describeReason, keyHealth, type EffectiveStatus } from '@/lib/key-health';
import { sumUsd } from '@/lib/money';
import { resetKey, setKeyEnabled, testKey } from '../actions';
import { useKeyStates } from '../hooks/use-key-states';
import { KeyDetails } from './key-details';
import { LiveIndicator } from './live-indicator';
import type { KeyState, ProviderKey } from '@switchyard/contracts';

const TIER_LABELS = { primary: 'Primary', daily: 'Daily', fallback: 'Fallback' } as const;

/** Where the pool has no state for a key (not loaded yet, or left out by the API), its stored status. */
function storedStatus(key: ProviderKey): EffectiveStatus {
  return key.status === 'active' ? 'unknown' : key.status;
}

export function LiveKeysTable({
  keys,
  initialStates,
  renderedAt,
  canManage,
}: {
  keys: ProviderKey[];
  initialStates: KeyState[];
  renderedAt: number;
  canManage: boolean;
}) {
  const live = useKeyStates(
    keys.map((key) => key.id),
    initialStates,
    renderedAt,
  );
  const clock = useNow();
  const now = (clock ?? renderedAt) + live.offsetMs;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());

  const toggle = (id: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const columnCount = canManage ? 8 : 7;

  return (
    <>
      <LiveIndicator updatedAt={live.updatedAt} error={live.error} now={clock} />
      <div className={tableStyles.wrapper}>
        <table className={tableStyles.table}>
          <thead>
            <tr>
              <th scope="col" className="w-10 px-2 py-2.5">
                <span className="sr-only">Details</span>
              </th>
              <th scope="col" className={tableStyles.th}>
                Key
              </th>
              <th scope="col" className={tableStyles.th}>
                Tier
              </th>
              <th scope="col" className={tableStyles.th}>
                Status
              </th>
              <th scope="col" className={tableStyles.th}>
                Back in
              </th>
              <th scope="col" className={tableStyles.thNumeric}>
                Requests
              </th>
              <th scope="col" className={tableStyles.thNumeric}>
                Cost today
              </th>
              {canManage ? (
                <th scope="col" className={tableStyles.th}>
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className={tableStyles.body}>
            {keys.map((key) => {
              const state = live.states.get(key.id);
              const health = keyHealth(state, now);
              const status = state ? health.status : storedStatus(key);
              const isOpen = expanded.has(key.id);
              const detailsId = `key-${key.id}-details`;
              const requests = state?.models.reduce((sum, model) => sum + model.requests, 0) ?? 0;
              const failures = state?.models.reduce((sum, model) => sum + model.failures, 0) ?? 0;
              const cost = sumUsd(state?.models.map((model) => model.costUsd) ?? []);
              const detail =
                health.status === 'partly_cooling'
                  ? `${health.restingModels} of ${health.totalModels} models`
                  : undefined;
              return (
                <Fragment key={key.id}>
                  <tr
                    data-testid="key-row"
                    data-key-label={key.label}
                    data-status={status}
                    className={isOpen ? 'bg-zinc-50/80 dark:bg-zinc-800/30' : undefined}
                  >
                    <td className="px-2 py-2.5 align-top">
                      <button
                        type="button"
                        onClick={() => toggle(key.id)}
                        aria-expanded={isOpen}
                        aria-controls={detailsId}
                        className="flex size-7 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-900/5 focus-visible:outline-2 focus-visible:outline-signal-600 dark:text-zinc-400 dark:hover:bg-white/10"
                      >
                        <ChevronRightIcon className={`size-4 transition ${isOpen ? 'rotate-90' : ''}`} />
                        <span className="sr-only">
                          {isOpen ? 'Hide' : 'Show'} models of {key.label}
                        </span>
                      </button>
                    </td>
                    <td className={tableStyles.td}>
                      <p className="font-medium text-zinc-900 dark:text-zinc-100">{key.label}</p>
                      <p className="text-xs text-zinc-500 dark:text-zinc-400">
                        {key.provider} · <span className="font-mono">••••{key.last4}</span>
                      </p>
                    </td>
                    <td className={tableStyles.td}>
                      <p>{TIER_LABELS[key.tier]}</p>
                      <p className="text-xs text-zinc-500 dark:text-zinc-400">weight {key.weight}</p>
                    </td>
                    <td className={tableStyles.td}>
                      <KeyStatusBadge status={status} detail={detail} />
                    </td>
                    <td className={tableStyles.td}>
                      {health.until ? (
                        <div>
                          <Countdown until={health.until} offsetMs={live.offsetMs} />
                          {health.reason ? (
                            <p className="text-xs text-zinc-500 dark:text-zinc-400">
                              {describeReason(health.reason)}
                            </p>
                          ) : null}
                        </div>
                      ) : (
                        <span className="text-zinc-400 dark:text-zinc-500">—</span>
                      )}
                    </td>
                    <td className={tableStyles.tdNumeric}>
                      {formatCount(requests)}
                      {failures > 0 ? (
                        <p className="text-xs text-red-600 dark:text-red-400">
                          {formatCount(failures)} failed
                        </p>
                      ) : null}
                    </td>
                    <td className={tableStyles.tdNumeric}>
                      <Money usd={cost} />
                    </td>
                    {canManage ? (
                      <td className={tableStyles.td}>
                        <div className="flex flex-wrap items-start justify-end gap-2">
                          <ActionButton
                            action={testKey}
                            fields={{ id: key.id }}
                            label="Test now"
                            pendingLabel="Testing…"
                          />
                          <ActionButton
                            action={resetKey}
                            fields={{ id: key.id }}
                            label="Reset"
                            pendingLabel="Resetting…"
                          />
                          <ActionButton
                            action={setKeyEnabled}
                            fields={{ id: key.id, enabled: key.status === 'disabled' ? 'true' : 'false' }}
                            label={key.status === 'disabled' ? 'Enable' : 'Disable'}
                            showSuccess={false}
                          />
                        </div>
                      </td>
                    ) : null}
                  </tr>
                  {isOpen ? (
                    <tr id={detailsId} className="bg-zinc-50/80 dark:bg-zinc-800/30">
                      <td colSpan={columnCount} className="px-4 pt-1 pb-5">
                        <KeyDetails
                          providerKey={key}
                          state={state}
                          now={now}
                          offsetMs={live.offsetMs}
                          canManage={canManage}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
