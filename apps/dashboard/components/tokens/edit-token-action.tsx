'use client';

import { useActionState, useEffect, useId, useRef } from 'react';
import { editToken } from '@/app/(console)/tokens/actions';
import { TOKEN_BUDGET_PERIODS } from '@/app/(console)/tokens/schemas';
import { CheckboxField, SelectField, TextAreaField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { buttonStyles } from '@/components/ui/styles';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import type { ProxyToken } from '@switchyard/contracts';

/** Changes a token's settings in place; its value stays, so no client needs updating. */
export function EditTokenAction({ token }: { token: ProxyToken }) {
  const [state, formAction, pending] = useActionState(editToken, IDLE_FORM);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const formId = `edit-${token.id}`;
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};

  useEffect(() => {
    if (state.status === 'success') dialogRef.current?.close();
  }, [state]);

  return (
    <>
      <button type="button" className={buttonStyles.ghost} onClick={() => dialogRef.current?.showModal()}>
        Edit
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={headingId}
        className="m-auto w-[min(34rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-0 text-left text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <form action={formAction} className="space-y-4 p-5" aria-label={`Edit ${token.name}`}>
          <input type="hidden" name="tokenId" value={token.id} />
          <h2 id={headingId} className="text-base font-semibold">
            Edit {token.name}
          </h2>
          <TextField
            formId={formId}
            name="name"
            label="Name"
            defaultValue={values.name ?? token.name}
            error={errors.name}
            required
            maxLength={100}
          />
          <TextAreaField
            formId={formId}
            name="allowedModels"
            label="Allowed models"
            rows={2}
            defaultValue={values.allowedModels ?? token.allowedModels.join('\n')}
            error={errors.allowedModels}
            hint="One per line. Empty allows every model."
          />
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField
              formId={formId}
              name="rpm"
              label="Requests / min"
              type="number"
              min={1}
              placeholder="Unlimited"
              defaultValue={values.rpm ?? token.rpm ?? ''}
              error={errors.rpm}
            />
            <TextField
              formId={formId}
              name="tpm"
              label="Tokens / min"
              type="number"
              min={1}
              placeholder="Unlimited"
              defaultValue={values.tpm ?? token.tpm ?? ''}
              error={errors.tpm}
            />
            <TextField
              formId={formId}
              name="budgetUsd"
              label="Budget (USD)"
              inputMode="decimal"
              placeholder="None"
              defaultValue={values.budgetUsd ?? token.budgetUsd ?? ''}
              error={errors.budgetUsd}
            />
          </div>
          <SelectField
            formId={formId}
            name="budgetPeriod"
            label="Budget period"
            options={TOKEN_BUDGET_PERIODS}
            defaultValue={values.budgetPeriod ?? token.budgetPeriod ?? 'monthly'}
            error={errors.budgetPeriod}
          />
          <TextField
            formId={formId}
            name="expiresAt"
            label="Expires on"
            type="date"
            defaultValue={values.expiresAt ?? token.expiresAt?.slice(0, 10) ?? ''}
            error={errors.expiresAt}
            hint="At 00:00 UTC of that day. Empty: the token does not expire."
          />
          <CheckboxField
            formId={formId}
            name="logBodies"
            label="Log request bodies"
            hint="Stores its requests and answers, redacted, for the retention period; owners, admins and auditors can read them."
            defaultChecked={token.logBodies}
          />
          {state.status === 'error' ? <FormAlert state={state} pending={pending} /> : null}
          <div className="flex justify-end gap-2">
            <button
              type="button"
              className={buttonStyles.secondary}
              onClick={() => dialogRef.current?.close()}
            >
              Cancel
            </button>
            <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
