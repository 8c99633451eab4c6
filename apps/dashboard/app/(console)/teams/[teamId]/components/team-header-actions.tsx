'use client';

import { useActionState, useRef } from 'react';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { CheckboxField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { buttonStyles } from '@/components/ui/styles';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { deleteTeam, renameTeam } from '../../actions';
import type { TeamDetail } from '@switchyard/contracts';

export function TeamHeaderActions({ team }: { team: TeamDetail }) {
  const [state, formAction, pending] = useActionState(renameTeam, IDLE_FORM);
  const dialogRef = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className={buttonStyles.secondary} onClick={() => dialogRef.current?.showModal()}>
        Rename
      </button>
      <dialog
        ref={dialogRef}
        aria-label={`Rename ${team.name}`}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <form action={formAction} className="space-y-4">
          <input type="hidden" name="teamId" value={team.id} />
          <TextField
            formId="rename"
            name="name"
            label="Team name"
            defaultValue={state.values?.name ?? team.name}
            error={state.fieldErrors?.name}
            required
            maxLength={100}
          />
          <CheckboxField
            formId="rename"
            name="logBodies"
            label="Log request bodies"
            hint="Stores the request and answer of every /v1 request of this team's tokens, redacted, for the retention period. Owners, admins and auditors can read them; each read is audited."
            defaultChecked={team.logBodies}
          />
          <FormAlert state={state} pending={pending} />
          <div className="flex justify-end gap-2">
            <button
              type="button"
              className={buttonStyles.secondary}
              onClick={() => dialogRef.current?.close()}
            >
              Close
            </button>
            <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
          </div>
        </form>
      </dialog>
      <ConfirmAction
        action={deleteTeam}
        fields={{ teamId: team.id }}
        label="Delete team"
        variant="secondary"
        title={`Delete ${team.name}?`}
        confirmLabel="Delete team"
      >
        Its tokens stop working at once and members lose access to it. Its usage and audit history stay
        readable to organisation roles.
      </ConfirmAction>
    </>
  );
}
