'use client';

import { useActionState } from 'react';
import { TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { changeOwnPassword } from '../actions';

export function ChangePasswordForm() {
  const [state, formAction, pending] = useActionState(changeOwnPassword, IDLE_FORM);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" aria-label="Change your password">
      <TextField
        formId="own"
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={errors.currentPassword}
        required
      />
      <TextField
        formId="own"
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        minLength={12}
        error={errors.newPassword}
        hint="At least 12 characters, not a common password."
        required
      />
      <TextField
        formId="own"
        name="confirmPassword"
        label="New password again"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword}
        required
      />
      <FormAlert state={state} pending={pending} />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}
