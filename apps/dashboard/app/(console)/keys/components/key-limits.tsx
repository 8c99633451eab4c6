'use client';

import { startTransition, useActionState, useEffect } from 'react';
import { Money } from '@/components/ui/money';
import { FormAlert } from '@/components/ui/form-alert';
import { tableStyles } from '@/components/ui/styles';
import { SubmitButton } from '@/components/ui/submit-button';
import { formatCount, formatDateTime, formatRelative } from '@/lib/format';
import { IDLE_FORM } from '@/lib/forms';
import type { KeyLimits } from '@switchyard/contracts';
import { loadKeyLimits, type LimitsState } from '../actions';

/** What the provider says the key may still do: the last rate-limit headers, and OpenRouter's credit. */
export function KeyLimitsPanel({ keyId, canRefresh }: { keyId: string; canRefresh: boolean }) {
  const [state, formAction, pending] = useActionState<LimitsState, FormData>(loadKeyLimits, IDLE_FORM);
  useEffect(() => {
    const form = new FormData();
    form.set('id', keyId);
    startTransition(() => formAction(form));
  }, [keyId, formAction]);
  const limits = state.limits;

  return (
    <section aria-label="Provider limits" data-testid="key-limits" className="space-y-3">
      <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Provider limits</h3>
      {state.status === 'error' ? <FormAlert state={state} /> : null}
      {limits ? (
        <LimitFigures limits={limits} />
      ) : pending ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : null}
      {canRefresh ? (
        <form action={formAction}>
          <input type="hidden" name="id" value={keyId} />
          <input type="hidden" name="refresh" value="true" />
          <SubmitButton variant="small" pendingLabel="Asking the provider…">
            Refresh with one 1-token call
          </SubmitButton>
        </form>
      ) : null}
    </section>
  );
}

function LimitFigures({ limits }: { limits: KeyLimits }) {
  const { headers, openrouter, refreshed } = limits;
  return (
    <div className="space-y-3 text-sm text-zinc-700 dark:text-zinc-300">
      {refreshed ? (
        <p role="status">
          {refreshed.ok
            ? `Refreshed with one call to ${refreshed.model}.`
            : `The refresh call failed: ${refreshed.error ?? 'refused'}`}
        </p>
      ) : null}
      {headers ? (
        <>
          <p>
            Rate-limit headers seen {formatRelative(headers.seenAt)}, calling{' '}
            <span className="font-mono text-xs">{headers.model}</span>:
          </p>
          <table className={tableStyles.table} data-testid="limit-windows">
            <thead>
              <tr>
                <th scope="col" className={tableStyles.th}>
                  Window
                </th>
                <th scope="col" className={tableStyles.thNumeric}>
                  Limit
                </th>
                <th scope="col" className={tableStyles.thNumeric}>
                  Remaining
                </th>
                <th scope="col" className={tableStyles.th}>
                  Resets
                </th>
              </tr>
            </thead>
            <tbody className={tableStyles.body}>
              {headers.windows.map((window) => (
                <tr key={window.name}>
                  <th scope="row" className={`${tableStyles.td} text-left font-normal`}>
                    {window.name}
                  </th>
                  <td className={tableStyles.tdNumeric}>
                    {window.limit === null ? '—' : formatCount(window.limit)}
                  </td>
                  <td className={tableStyles.tdNumeric}>
                    {window.remaining === null ? '—' : formatCount(window.remaining)}
                  </td>
                  <td className={tableStyles.td}>{window.resetAt ? formatDateTime(window.resetAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p>No rate-limit headers seen for this key yet.</p>
      )}
      {openrouter && 'error' in openrouter ? (
        <p>OpenRouter&apos;s key endpoint refused: {openrouter.error}</p>
      ) : null}
      {openrouter && !('error' in openrouter) ? (
        <p data-testid="openrouter-credit">
          OpenRouter credit: limit{' '}
          {openrouter.limitUsd === null ? 'none' : <Money usd={openrouter.limitUsd} />}, used{' '}
          <Money usd={openrouter.usageUsd ?? 0} />
          {openrouter.limitRemainingUsd !== null ? (
            <>
              , remaining <Money usd={openrouter.limitRemainingUsd} />
            </>
          ) : null}
          {openrouter.rateLimit
            ? ` · ${formatCount(openrouter.rateLimit.requests)} requests per ${openrouter.rateLimit.interval}`
            : ''}
        </p>
      ) : null}
    </div>
  );
}
