'use client';

import { ActionButton } from '@/components/ui/action-button';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { DialogForm } from '@/components/ui/dialog-form';
import { SelectField, TextField } from '@/components/ui/fields';
import type { User } from '@switchyard/contracts';
import { deleteUser, resetUserPassword, setUserDisabled, updateUser } from '../actions';
import { ROLE_OPTIONS } from './create-user-form';

/** Edit, disable or enable, reset the password of, or delete one user. The API enforces the owner rules. */
export function UserRowActions({ user, mayGrantOwner }: { user: User; mayGrantOwner: boolean }) {
  const roles = mayGrantOwner ? ROLE_OPTIONS : ROLE_OPTIONS.filter((option) => option.value !== 'owner');
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <DialogForm
        action={updateUser}
        fields={{ id: user.id }}
        label="Edit"
        title={`Edit ${user.email}`}
        submitLabel="Save"
      >
        {(state) => (
          <>
            <SelectField
              formId={`edit-${user.id}`}
              name="role"
              label="Role"
              options={roles}
              defaultValue={user.role}
              error={state.fieldErrors?.role}
              hint="Changing the role signs them out everywhere."
            />
            <TextField
              formId={`edit-${user.id}`}
              name="name"
              label="Name (optional)"
              defaultValue={user.name ?? ''}
              error={state.fieldErrors?.name}
            />
          </>
        )}
      </DialogForm>
      <DialogForm
        action={resetUserPassword}
        fields={{ id: user.id }}
        label="Reset password"
        title={`Set a new password for ${user.email}`}
        submitLabel="Set password"
      >
        {(state) => (
          <TextField
            formId={`reset-${user.id}`}
            name="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            error={state.fieldErrors?.password}
            hint="At least 12 characters, not a common password. Every session of theirs ends."
          />
        )}
      </DialogForm>
      {user.disabled ? (
        <ActionButton
          action={setUserDisabled}
          fields={{ id: user.id, disabled: 'false' }}
          label="Enable"
          variant="ghost"
        />
      ) : (
        <ConfirmAction
          action={setUserDisabled}
          fields={{ id: user.id, disabled: 'true' }}
          label="Disable"
          title={`Disable ${user.email}?`}
          confirmLabel="Disable user"
        >
          They are signed out at once and cannot sign in until enabled again. API keys they created keep
          working.
        </ConfirmAction>
      )}
      <ConfirmAction
        action={deleteUser}
        fields={{ id: user.id }}
        label="Delete"
        title={`Delete ${user.email}?`}
        confirmLabel="Delete user"
      >
        They leave every team and are signed out at once. The audit log keeps their history, and API keys they
        created keep working.
      </ConfirmAction>
    </div>
  );
}
