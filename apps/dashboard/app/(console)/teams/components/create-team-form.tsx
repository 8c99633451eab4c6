'use client';

import { useActionState } from 'react';
import { TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { createTeam } from '../actions';

export function CreateTeamForm() {
  const [state, formAction, pending] = useActionState(createTeam, IDLE_FORM);
  return (
    <form action={formAction} className="space-y-4" aria-label="Create a team">
      <TextField
        formId="team"
        name="name"
        label="Team name"
        placeholder="e.g. Research"
        defaultValue={state.values?.name ?? ''}
        error={state.fieldErrors?.name}
        required
        maxLength={100}
      />
      {state.status === 'error' ? <FormAlert state={state} pending={pending} /> : null}
      <SubmitButton pendingLabel="Creating…">Create team</SubmitButton>
    </form>
  );
}
