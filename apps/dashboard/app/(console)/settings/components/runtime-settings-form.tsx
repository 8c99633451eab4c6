'use client';

import { useActionState } from 'react';
import { CheckboxField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { updateRuntimeSettings } from '../actions';
import type { RuntimeSettings } from '@switchyard/contracts';

export function RuntimeSettingsForm({
  settings,
  canManage,
}: {
  settings: RuntimeSettings;
  canManage: boolean;
}) {
  const [state, formAction, pending] = useActionState(updateRuntimeSettings, IDLE_FORM);
  if (!canManage) {
    return (
      <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="unpriced-setting">
        {settings.refuseUnpricedModels
          ? 'Requests for models without a price are refused with 400 until the model is priced.'
          : 'Requests for models without a price are served and recorded at $0.'}
      </p>
    );
  }
  return (
    <form action={formAction} className="space-y-4" aria-label="Unpriced models">
      <CheckboxField
        name="refuseUnpricedModels"
        label="Refuse requests for models without a price"
        hint="When off, such requests are served and recorded at $0, so their cost is invisible. When on, they are refused with 400 until the model is priced."
        defaultChecked={settings.refuseUnpricedModels}
      />
      <FormAlert state={state} pending={pending} />
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}
