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
          <SelectField
            formId="budget"
            name="mode"
            label="Mode"
            options={[
              { value: 'hard', label: 'Hard: refuse or shorten' },
              { value: 'soft', label: 'Soft: alert only' },
            ]}
            defaultValue={values.mode ?? spend.mode ?? 'hard'}
            error={errors.mode}
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
          Hard: a request the credit left cannot cover at worst is shortened to what it covers, and refused
          with 402 when it cannot pay for one output token. Soft: nothing is refused; crossing the limit
          raises an alert.
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
