'use client';

import { useActionState, type ReactNode } from 'react';
import { Countdown } from '@/components/countdown';
import { KeyStatusBadge } from '@/components/key-status-badge';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { SelectField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { Money } from '@/components/ui/money';
import { tableStyles } from '@/components/ui/styles';
import { SubmitButton } from '@/components/ui/submit-button';
import { formatCount, formatDateTime, formatMs, formatRelative } from '@/lib/format';
import { IDLE_FORM } from '@/lib/forms';
import { describeReason } from '@/lib/key-health';
import { deleteKey, updateKeyRouting } from '../actions';
import { KeyLimitsPanel } from './key-limits';
import type { KeyState, ProviderKey } from '@switchyard/contracts';

const TIER_OPTIONS = [
  { value: 'primary', label: 'Primary: used first' },
  { value: 'daily', label: 'Daily: free daily quotas, before fallback' },
  { value: 'fallback', label: 'Fallback: only when others rest' },
];

export function KeyDetails({
  providerKey,
  state,
  now,
  offsetMs,
  canManage,
}: {
  providerKey: ProviderKey;
  state: KeyState | undefined;
  now: number;
  offsetMs: number;
  canManage: boolean;
}) {
  return (
    <div className="space-y-5">
      <ModelTable state={state} now={now} offsetMs={offsetMs} />
      <KeyLimitsPanel keyId={providerKey.id} canRefresh={canManage} />
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
        <KeyFacts providerKey={providerKey} />
        {canManage ? <KeySettingsForm providerKey={providerKey} /> : null}
      </div>
    </div>
  );
}

function ModelTable({
  state,
  now,
  offsetMs,
}: {
  state: KeyState | undefined;
  now: number;
  offsetMs: number;
}) {
  if (!state) {
    return (
      <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        The gateway has no live state for this key. Disabled or undecryptable keys are not loaded into the
        pool.
      </p>
    );
  }
  if (state.models.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        No requests yet. Each model appears here after its first request through this key.
      </p>
    );
  }
  return (
    <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className={tableStyles.table} data-testid="key-models">
        <caption className="sr-only">Per-model state of {state.label ?? 'this key'}</caption>
        <thead>
          <tr>
            <th scope="col" className={tableStyles.th}>
              Model
            </th>
            <th scope="col" className={tableStyles.th}>
              Status
            </th>
            <th scope="col" className={tableStyles.th}>
              Cooldown
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              Failures in a row
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              In flight
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              Requests
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              Failures
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              p50 / p95
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              Cost today
            </th>
          </tr>
        </thead>
        <tbody className={tableStyles.body}>
          {state.models.map((model) => {
            const cooling = model.cooldownUntil !== null && Date.parse(model.cooldownUntil) > now;
            return (
              <tr key={model.model} data-testid="model-row">
                <td className={`${tableStyles.td} font-mono text-xs whitespace-nowrap`}>{model.model}</td>
                <td className={tableStyles.td}>
                  <KeyStatusBadge status={model.status} />
                </td>
                <td className={tableStyles.td}>
                  {cooling && model.cooldownUntil ? (
                    <div className="space-y-0.5">
                      <p>
                        <Countdown until={model.cooldownUntil} offsetMs={offsetMs} /> left
                      </p>
                      <p className="text-xs text-zinc-500 dark:text-zinc-400">
                        until {formatDateTime(model.cooldownUntil)}
                        {model.reason ? ` · ${describeReason(model.reason)}` : ''}
                      </p>
                    </div>
                  ) : (
                    <span className="text-zinc-400 dark:text-zinc-500">—</span>
                  )}
                </td>
                <td className={tableStyles.tdNumeric}>{formatCount(model.consecutiveFailures)}</td>
                <td className={tableStyles.tdNumeric}>{formatCount(model.inFlight)}</td>
                <td className={tableStyles.tdNumeric}>{formatCount(model.requests)}</td>
                <td className={tableStyles.tdNumeric}>{formatCount(model.failures)}</td>
                <td className={tableStyles.tdNumeric}>
                  {formatMs(model.p50Ms)} / {formatMs(model.p95Ms)}
                </td>
                <td className={tableStyles.tdNumeric}>
                  <Money usd={model.costUsd} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function KeyFacts({ providerKey }: { providerKey: ProviderKey }) {
  const facts: [string, ReactNode][] = [
    [
      'Last test',
      providerKey.lastTestedAt ? (
        <span>
          <span
            className={
              providerKey.lastTestOk
                ? 'text-emerald-700 dark:text-emerald-400'
                : 'text-red-700 dark:text-red-400'
            }
          >
            {providerKey.lastTestOk ? 'passed' : 'failed'}
          </span>{' '}
          {formatRelative(providerKey.lastTestedAt)}
          {providerKey.lastTestError ? (
            <span className="block text-xs text-red-700 dark:text-red-400">{providerKey.lastTestError}</span>
          ) : null}
        </span>
      ) : (
        'never'
      ),
    ],
    [
      'Models declared',
      providerKey.models.length ? providerKey.models.join(', ') : 'any the provider offers',
    ],
    ['Concurrency limit', providerKey.maxConcurrency ?? 'none'],
    [
      'Daily quota',
      providerKey.dailyRequestQuota || providerKey.dailyTokenQuota
        ? [
            providerKey.dailyRequestQuota ? `${formatCount(providerKey.dailyRequestQuota)} requests` : null,
            providerKey.dailyTokenQuota ? `${formatCount(providerKey.dailyTokenQuota)} tokens` : null,
          ]
            .filter(Boolean)
            .join(', ')
        : 'none',
    ],
    ['Added', formatDateTime(providerKey.createdAt)],
    [
      'Key id',
      <span key="id" className="font-mono text-xs">
        {providerKey.id}
      </span>,
    ],
  ];
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 self-start text-sm">
      {facts.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-zinc-500 dark:text-zinc-400">{term}</dt>
          <dd className="text-zinc-800 dark:text-zinc-200">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function KeySettingsForm({ providerKey }: { providerKey: ProviderKey }) {
  const [state, formAction] = useActionState(updateKeyRouting, IDLE_FORM);
  const formId = `key-${providerKey.id}`;
  const values = state.values ?? {};
  const errors = state.fieldErrors ?? {};
  return (
    <div className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <form action={formAction} className="space-y-3" aria-label={`Settings of ${providerKey.label}`}>
        <input type="hidden" name="id" value={providerKey.id} />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            formId={formId}
            name="label"
            label="Label"
            defaultValue={values.label ?? providerKey.label}
            error={errors.label}
            required
            maxLength={100}
          />
          <SelectField
            formId={formId}
            name="tier"
            label="Tier"
            options={TIER_OPTIONS}
            defaultValue={values.tier ?? providerKey.tier}
            error={errors.tier}
          />
          <TextField
            formId={formId}
            name="weight"
            label="Weight"
            type="number"
            min={1}
            max={1000}
            defaultValue={values.weight ?? String(providerKey.weight)}
            error={errors.weight}
            hint="Share of traffic among keys of the same tier."
          />
          <TextField
            formId={formId}
            name="maxConcurrency"
            label="Max concurrent requests"
            type="number"
            min={1}
            max={10000}
            placeholder="No limit"
            defaultValue={values.maxConcurrency ?? providerKey.maxConcurrency?.toString() ?? ''}
            error={errors.maxConcurrency}
          />
        </div>
        <FormAlert state={state} />
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save settings
        </SubmitButton>
      </form>
      <div className="flex items-center justify-between gap-3 border-t border-zinc-100 pt-3 dark:border-zinc-800">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Deleting stops the gateway using this key at once.
        </p>
        <ConfirmAction
          action={deleteKey}
          fields={{ id: providerKey.id }}
          label="Delete key"
          title={`Delete ${providerKey.label}?`}
          confirmLabel="Delete key"
        >
          The gateway stops using this key at once and its encrypted secret is removed. Usage it already
          served stays in the reports. This cannot be undone.
        </ConfirmAction>
      </div>
    </div>
  );
}
