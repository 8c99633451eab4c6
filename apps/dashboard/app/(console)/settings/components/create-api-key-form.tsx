'use client';

import { useActionState } from 'react';
import { SelectField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { createApiKey } from '../actions';
import { ROLE_OPTIONS } from './create-user-form';

export function CreateApiKeyForm() {
  const [state, formAction, pending] = useActionState(createApiKey, IDLE_FORM);
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <div className="space-y-4">
      {state.status === 'success' && state.secret && !pending ? (
        <div className="space-y-2">
          <FormAlert state={state} />
          <OneTimeSecret label="New API key" secret={state.secret} what="API key" />
        </div>
      ) : null}
      <form action={formAction} className="space-y-4" aria-label="Create an API key">
        <TextField
          formId="api-key"
          name="name"
          label="Name"
          placeholder="e.g. deploy-script"
          defaultValue={values.name ?? ''}
          error={errors.name}
          required
          maxLength={100}
        />
        <SelectField
          formId="api-key"
          name="role"
          label="Role"
          options={ROLE_OPTIONS}
          defaultValue={values.role ?? 'auditor'}
          error={errors.role}
        />
        <TextField
          formId="api-key"
          name="expiresAt"
          label="Expires on (optional)"
          type="date"
          defaultValue={values.expiresAt ?? ''}
          error={errors.expiresAt}
        />
        {state.status === 'error' ? <FormAlert state={state} pending={pending} /> : null}
        <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
      </form>
    </div>
  );
}
