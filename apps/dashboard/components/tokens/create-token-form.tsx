'use client';

import { useActionState } from 'react';
import { createToken } from '@/app/(console)/tokens/actions';
import { TOKEN_BUDGET_PERIODS } from '@/app/(console)/tokens/schemas';
import { CheckboxField, SelectField, TextAreaField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';

/** Issues a proxy token; the token is shown once, right here. */
export function CreateTokenForm({
  teams,
  fixedTeamId,
  wide = false,
}: {
  teams: readonly { id: string; name: string }[];
  /** On a team's page the team is given. */
  fixedTeamId?: string;
  /** Lays the fields out in two columns when the form spans the page. */
  wide?: boolean;
}) {
  const [state, formAction, pending] = useActionState(createToken, IDLE_FORM);
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <div className="space-y-4">
      {state.status === 'success' && state.secret && !pending ? (
        <div className="space-y-2" data-testid="issued-token">
          <FormAlert state={state} />
          <OneTimeSecret label="New proxy token" secret={state.secret} what="token" />
        </div>
      ) : null}
      <form
        action={formAction}
        className={wide ? 'grid gap-4 lg:grid-cols-2 [&>*:last-child]:lg:col-span-2' : 'space-y-4'}
        aria-label="Issue a proxy token"
      >
        {fixedTeamId ? (
          <input type="hidden" name="teamId" value={fixedTeamId} />
        ) : (
          <SelectField
            formId="token"
            name="teamId"
            label="Team"
            options={[
              { value: '', label: 'Choose a team…' },
              ...teams.map((team) => ({ value: team.id, label: team.name })),
            ]}
            defaultValue={values.teamId ?? state.values?.teamId ?? ''}
            error={errors.teamId}
            required
          />
        )}
        <TextField
          formId="token"
          name="name"
          label="Name"
          placeholder="e.g. notebook, ci-pipeline"
          defaultValue={values.name ?? ''}
          error={errors.name}
          required
          maxLength={100}
        />
        <TextAreaField
          formId="token"
          name="allowedModels"
          label="Allowed models"
          rows={2}
          placeholder={'openai/gpt-4o-mini\nanthropic/*'}
          defaultValue={values.allowedModels ?? ''}
          error={errors.allowedModels}
          hint='One per line: "provider/model", "provider/*" or an alias. Empty allows every model.'
        />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            formId="token"
            name="rpm"
            label="Requests / min"
            type="number"
            min={1}
            placeholder="Unlimited"
            defaultValue={values.rpm ?? ''}
            error={errors.rpm}
          />
          <TextField
            formId="token"
            name="tpm"
            label="Tokens / min"
            type="number"
            min={1}
            placeholder="Unlimited"
            defaultValue={values.tpm ?? ''}
            error={errors.tpm}
          />
          <TextField
            formId="token"
            name="budgetUsd"
            label="Budget (USD)"
            inputMode="decimal"
            placeholder="None"
            defaultValue={values.budgetUsd ?? ''}
            error={errors.budgetUsd}
          />
        </div>
        <SelectField
          formId="token"
          name="budgetPeriod"
          label="Budget period"
          options={TOKEN_BUDGET_PERIODS}
          defaultValue={values.budgetPeriod ?? 'monthly'}
          error={errors.budgetPeriod}
          hint="The token's own hard budget, on top of its team's: the tighter one wins."
        />
        <TextField
          formId="token"
          name="expiresAt"
          label="Expires on"
          type="date"
          defaultValue={values.expiresAt ?? ''}
          error={errors.expiresAt}
          hint="At 00:00 UTC of that day. Leave empty for a token that does not expire."
        />
        <CheckboxField
          formId="token"
          name="logBodies"
          label="Log request bodies"
          hint="Stores its requests and answers, redacted, for the retention period; owners, admins and auditors can read them."
        />
        {state.status === 'error' ? <FormAlert state={state} pending={pending} /> : null}
        <SubmitButton pendingLabel="Issuing…">Issue token</SubmitButton>
      </form>
    </div>
  );
}
