'use client';

import { useActionState } from 'react';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { SelectField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { addMember, removeMember } from '../../actions';

export function AddMemberForm({
  teamId,
  candidates,
  usersError,
}: {
  teamId: string;
  /** Null when the viewer cannot list users: a user id is pasted instead. */
  candidates: { id: string; email: string }[] | null;
  usersError: string | null;
}) {
  const [state, formAction, pending] = useActionState(addMember, IDLE_FORM);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-3" aria-label="Add a member">
      <input type="hidden" name="teamId" value={teamId} />
      <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        {candidates ? (
          <SelectField
            formId="member"
            name="userId"
            label="User"
            options={[
              { value: '', label: candidates.length ? 'Choose a user…' : 'Every user is already a member' },
              ...candidates.map((user) => ({ value: user.id, label: user.email })),
            ]}
            error={errors.userId}
            required
          />
        ) : (
          <TextField
            formId="member"
            name="userId"
            label="User id"
            placeholder="00000000-0000-0000-0000-000000000000"
            error={errors.userId}
            hint={
              usersError
                ? `Users could not be listed (${usersError}); paste an id.`
                : 'Ask an admin for the user’s id.'
            }
            required
          />
        )}
        <SelectField
          formId="member"
          name="role"
          label="Role"
          options={[
            { value: 'member', label: 'Member' },
            { value: 'team_admin', label: 'Team admin' },
          ]}
          error={errors.role}
        />
      </div>
      <FormAlert state={state} pending={pending} />
      <SubmitButton variant="secondary" pendingLabel="Adding…">
        Add member
      </SubmitButton>
    </form>
  );
}

export function RemoveMemberButton({
  teamId,
  userId,
  email,
}: {
  teamId: string;
  userId: string;
  email: string;
}) {
  return (
    <ConfirmAction
      action={removeMember}
      fields={{ teamId, userId }}
      label="Remove"
      title={`Remove ${email} from the team?`}
      confirmLabel="Remove member"
    >
      They lose access to this team&apos;s tokens and usage at once.
    </ConfirmAction>
  );
}
