'use client';

import { useActionState } from 'react';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { TextAreaField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { deleteRoute, upsertRoute } from '../actions';

export function RouteForm() {
  const [state, formAction, pending] = useActionState(upsertRoute, IDLE_FORM);
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={formAction} className="space-y-4" aria-label="Add or change a route">
      <TextField
        formId="route"
        name="alias"
        label="Alias"
        placeholder="fast"
        defaultValue={values.alias ?? ''}
        error={errors.alias}
        required
        hint="Saving an existing alias replaces its targets."
      />
      <TextAreaField
        formId="route"
        name="targets"
        label="Targets"
        rows={3}
        placeholder={'openai/gpt-4o-mini\nopenrouter/openai/gpt-4o-mini'}
        defaultValue={values.targets ?? ''}
        error={errors.targets}
        required
        hint="One provider/model per line, tried in this order; at most 10."
      />
      <FormAlert state={state} pending={pending} />
      <SubmitButton pendingLabel="Saving…">Save route</SubmitButton>
    </form>
  );
}

export function DeleteRouteButton({ alias }: { alias: string }) {
  return (
    <ConfirmAction
      action={deleteRoute}
      fields={{ alias }}
      label={
        <>
          Remove<span className="sr-only"> {alias}</span>
        </>
      }
      title={`Remove the route ${alias}?`}
      confirmLabel="Remove route"
    >
      Clients asking for {alias} get a 400 until it is defined again.
    </ConfirmAction>
  );
}
