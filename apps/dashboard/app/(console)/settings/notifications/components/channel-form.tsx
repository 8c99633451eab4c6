'use client';

import { useActionState } from 'react';
import { SelectField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import type { NotificationEvent } from '@switchyard/contracts';
import { createChannel } from '../actions';
import { EventCheckboxes } from './event-checkboxes';

const KIND_OPTIONS = [
  { value: 'webhook', label: 'Webhook (signed JSON)' },
  { value: 'slack', label: 'Slack incoming webhook' },
] as const;

export function ChannelForm() {
  const [state, formAction, pending] = useActionState(createChannel, IDLE_FORM);
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  const checked = (
    state.status === 'error' ? [] : ['budget.threshold', 'budget.exhausted']
  ) as NotificationEvent[];
  return (
    <form action={formAction} className="space-y-4" aria-label="Add a notification channel">
      <SelectField
        formId="channel"
        name="kind"
        label="Kind"
        options={KIND_OPTIONS}
        defaultValue={values.kind ?? 'webhook'}
        error={errors.kind}
      />
      <TextField
        formId="channel"
        name="url"
        label="URL"
        type="url"
        placeholder="https://ops.example.com/switchyard"
        defaultValue={values.url ?? ''}
        error={errors.url}
        required
        maxLength={2000}
      />
      <EventCheckboxes formId="channel" checked={checked} error={errors.events} />
      <TextField
        formId="channel"
        name="secret"
        label="Signing secret"
        type="password"
        autoComplete="off"
        error={errors.secret}
        maxLength={256}
        hint="Optional, at least 16 characters. Deliveries carry x-switchyard-signature: sha256=HMAC of the body. It is never shown again."
      />
      <FormAlert state={state} pending={pending} />
      <SubmitButton pendingLabel="Adding…">Add channel</SubmitButton>
    </form>
  );
}
