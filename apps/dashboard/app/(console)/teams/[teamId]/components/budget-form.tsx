'use client';

import { useActionState } from 'react';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { SelectField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { removeBudget, setBudget } from '../../actions';
import type { Spend } from '@switchyard/contracts';

export function BudgetForm({ teamId, spend }: { teamId: string; spend: Spend }) {
  const [state, formAction, pending] = useActionState(setBudget, IDLE_FORM);
  const values = state.values ?? {};
  const errors = state.fieldErrors ?? {};
  return (
    <div className="space-y-3 border-t border-zinc-100 pt-4 dark:border-zinc-800">
      <form action={formAction} className="space-y-3" aria-label="Budget">
        <input type="hidden" name="teamId" value={teamId} />
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField
            formId="budget"
            name="limitUsd"
            label="Limit (USD)"
            inputMode="decimal"
            placeholder="e.g. 250"
            defaultValue={values.limitUsd ?? (spend.limitUsd !== null ? String(spend.limitUsd) : '')}
            error={errors.limitUsd}
            required
          />
          <SelectField
            formId="budget"
            name="period"
            label="Period"
            options={[
              { value: 'monthly', label: 'Monthly' },
              { value: 'daily', label: 'Daily' },
              { value: 'total', label: 'Total' },
            ]}
            defaultValue={values.period ?? spend.period ?? 'monthly'}
            error={errors.period}
          />
          <TextField
            formId="budget"
            name="alertAtPercent"
            label="Alert at (%)"
            type="number"
            min={1}
            max={100}
            placeholder="None"
            defaultValue={values.alertAtPercent ?? spend.alertAtPercent?.toString() ?? '80'}
            error={errors.alertAtPercent}
          />
        </div>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Requests are refused with 402 once the period&apos;s spend reaches the limit.
        </p>
        <FormAlert state={state} pending={pending} />
        <div className="flex flex-wrap items-center gap-2">
          <SubmitButton variant="secondary" pendingLabel="Saving…">
            {spend.limitUsd === null ? 'Set budget' : 'Save budget'}
          </SubmitButton>
        </div>
      </form>
      {spend.limitUsd !== null ? (
        <ConfirmAction
          action={removeBudget}
          fields={{ teamId }}
          label="Remove budget"
          title="Remove this team's budget?"
          confirmLabel="Remove budget"
        >
          The team becomes unlimited: requests are no longer refused for spend.
        </ConfirmAction>
      ) : null}
    </div>
  );
}
