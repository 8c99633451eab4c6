'use client';

import { useActionState } from 'react';
import { SelectField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { createUser } from '../actions';

export const ROLE_OPTIONS = [
  { value: 'member', label: 'Member: their teams’ usage' },
  { value: 'team_admin', label: 'Team admin: their teams’ tokens and members' },
  { value: 'auditor', label: 'Auditor: reads everything, changes nothing' },
  { value: 'admin', label: 'Admin: everything' },
  { value: 'owner', label: 'Owner: everything' },
];

export function CreateUserForm() {
  const [state, formAction, pending] = useActionState(createUser, IDLE_FORM);
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={formAction} className="space-y-4" aria-label="Add a user">
      <TextField
        formId="user"
        name="email"
        label="Email"
        type="email"
        autoComplete="off"
        defaultValue={values.email ?? ''}
        error={errors.email}
        required
      />
      <TextField
        formId="user"
        name="name"
        label="Name (optional)"
        defaultValue={values.name ?? ''}
        error={errors.name}
      />
      <TextField
        formId="user"
        name="password"
        label="Initial password"
        type="password"
        autoComplete="new-password"
        error={errors.password}
        required
        minLength={12}
        hint="At least 12 characters. Share it privately."
      />
      <SelectField
        formId="user"
        name="role"
        label="Role"
        options={ROLE_OPTIONS}
        defaultValue={values.role ?? 'member'}
        error={errors.role}
      />
      <FormAlert state={state} pending={pending} />
      <SubmitButton pendingLabel="Adding…">Add user</SubmitButton>
    </form>
  );
}
