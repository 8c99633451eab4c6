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
        {settings.allowUnpricedModels
          ? 'Budgeted requests for models without a price are served and flagged unpriced: their cost is unknown.'
          : 'Budgeted requests for models without a price are refused with 400 until the model is priced.'}
      </p>
    );
  }
  return (
    <form action={formAction} className="space-y-4" aria-label="Unpriced models">
      <CheckboxField
        name="allowUnpricedModels"
        label="Allow budgeted requests for models without a price"
        hint="When off (the default), a request under a team or token budget for a model with no price is refused with 400 model_unpriced until the model is priced. When on, it is served and its usage flagged unpriced, outside every budget."
        defaultChecked={settings.allowUnpricedModels}
      />
      <FormAlert state={state} pending={pending} />
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}
