'use client';

import { useActionState } from 'react';
import { SelectField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { createProvider } from '../actions';

export function AddProviderForm() {
  const [state, formAction, pending] = useActionState(createProvider, IDLE_FORM);
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={formAction} className="space-y-4" aria-label="Add a custom provider">
      <TextField
        formId="add-provider"
        name="name"
        label="Name"
        placeholder="e.g. azure-east"
        defaultValue={values.name ?? ''}
        error={errors.name}
        required
        maxLength={50}
        hint="Used in model ids: name/model."
      />
      <SelectField
        formId="add-provider"
        name="type"
        label="Wire format"
        options={[
          { value: 'openai', label: 'OpenAI-compatible' },
          { value: 'anthropic', label: 'Anthropic' },
          { value: 'gemini', label: 'Gemini' },
        ]}
        defaultValue={values.type ?? 'openai'}
        error={errors.type}
      />
      <TextField
        formId="add-provider"
        name="baseUrl"
        label="Base URL"
        type="url"
        placeholder="https://api.example.com/v1"
        defaultValue={values.baseUrl ?? ''}
        error={errors.baseUrl}
        required
        hint="Including the version path, e.g. /v1."
      />
      <FormAlert state={state} pending={pending} />
      <SubmitButton variant="secondary" pendingLabel="Adding…">
        Add provider
      </SubmitButton>
    </form>
  );
}
