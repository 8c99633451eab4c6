'use client';

import { ActionButton } from '@/components/ui/action-button';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { DialogForm } from '@/components/ui/dialog-form';
import { CheckboxField, TextField } from '@/components/ui/fields';
import type { NotificationChannel } from '@switchyard/contracts';
import { deleteChannel, sendTestNotification, updateChannel } from '../actions';
import { EventCheckboxes } from './event-checkboxes';

/** Send a test, change the events, URL or secret, or remove the channel. */
export function ChannelActions({ channel }: { channel: NotificationChannel }) {
  const fields = { channelId: channel.id };
  const formId = `edit-${channel.id}`;
  return (
    <div className="flex flex-wrap items-start justify-end gap-2">
      <ActionButton action={sendTestNotification} fields={fields} label="Send test" pendingLabel="Sending…" />
      <DialogForm
        action={updateChannel}
        fields={fields}
        label={
          <>
            Edit<span className="sr-only"> {channel.url}</span>
          </>
        }
        title={`Edit the ${channel.kind} channel`}
        submitLabel="Save channel"
      >
        {(state) => (
          <>
            <EventCheckboxes formId={formId} checked={channel.events} error={state.fieldErrors?.events} />
            <TextField
              formId={formId}
              name="url"
              label="New URL"
              type="url"
              placeholder={channel.url}
              error={state.fieldErrors?.url}
              maxLength={2000}
              hint="Leave empty to keep the current URL."
            />
            <TextField
              formId={formId}
              name="secret"
              label="New signing secret"
              type="password"
              autoComplete="off"
              error={state.fieldErrors?.secret}
              maxLength={256}
              hint="Leave empty to keep the current one."
            />
            {channel.hasSecret ? (
              <CheckboxField formId={formId} name="removeSecret" label="Stop signing deliveries" />
            ) : null}
          </>
        )}
      </DialogForm>
      <ConfirmAction
        action={deleteChannel}
        fields={fields}
        label={
          <>
            Remove<span className="sr-only"> {channel.url}</span>
          </>
        }
        title="Remove this channel?"
        confirmLabel="Remove channel"
      >
        {channel.url} gets no further events, and its delivery history is deleted.
      </ConfirmAction>
    </div>
  );
}
